/**
 * Login to Airflow 3 through the FAB auth manager (the chart's `core.auth_manager`): an OIDC issuer
 * (a Keycloak realm) with roles mapped from a claim, written as the api-server's
 * `webserver_config.py` (`apiServer.apiServerConfig`). The client secret is read from an
 * environment variable filled from a referenced Secret, never written here.
 */

/** The environment variable of the api-server that holds the OIDC client secret. */
export const OIDC_CLIENT_SECRET_ENV = "AIRFLOW_OIDC_CLIENT_SECRET";

/** The FAB roles of Airflow. */
export const FAB_ROLES = ["Admin", "Op", "User", "Viewer", "Public"] as const;
/** One FAB role. */
export type FabRole = (typeof FAB_ROLES)[number];

/** What {@link oidcApiServerConfig} needs. */
export interface OidcLoginProps {
  /** Issuer URL (e.g. `https://keycloak.example.com/realms/data`); its discovery document is read at login. */
  readonly issuerUrl: string;
  /** Client id registered at the issuer. */
  readonly clientId: string;
  /** Claim of the ID token that lists the user's groups or roles. */
  readonly roleClaim: string;
  /** FAB roles granted per value of the claim. */
  readonly roleMapping: Readonly<Record<string, ReadonlyArray<FabRole>>>;
  /** Role every user gets at registration, on top of the mapped ones (FAB adds it to all users). */
  readonly defaultRole: FabRole;
}

/** A Python string literal (JSON's escaping is valid Python for these values). */
const py = (value: string): string => JSON.stringify(value);

/**
 * The api-server's `webserver_config.py`: AUTH_OAUTH with one provider, users registered at first
 * login, roles synchronised from the claim at every login (so removing a group at the issuer
 * removes the role).
 */
export function oidcApiServerConfig(props: OidcLoginProps): string {
  const issuer = props.issuerUrl.replace(/\/+$/, "");
  const mapping = Object.entries(props.roleMapping)
    .map(([group, roles]) => `    ${py(group)}: [${roles.map(py).join(", ")}],`)
    .join("\n");
  return `import os

from airflow.providers.fab.auth_manager.security_manager.override import FabAirflowSecurityManagerOverride
from flask_appbuilder.security.manager import AUTH_OAUTH

AUTH_TYPE = AUTH_OAUTH
AUTH_USER_REGISTRATION = True
AUTH_USER_REGISTRATION_ROLE = ${py(props.defaultRole)}
AUTH_ROLES_SYNC_AT_LOGIN = True
AUTH_ROLES_MAPPING = {
${mapping}
}
ROLE_CLAIM = ${py(props.roleClaim)}

OAUTH_PROVIDERS = [
    {
        "name": "oidc",
        "icon": "fa-key",
        "token_key": "access_token",
        "remote_app": {
            "client_id": ${py(props.clientId)},
            "client_secret": os.environ[${py(OIDC_CLIENT_SECRET_ENV)}],
            "server_metadata_url": ${py(`${issuer}/.well-known/openid-configuration`)},
            "client_kwargs": {"scope": "openid email profile"},
        },
    }
]


class OidcSecurityManager(FabAirflowSecurityManagerOverride):
    """Reads the user and the role claim from the ID token the issuer returned."""

    def get_oauth_user_info(self, provider, resp):
        claims = resp.get("userinfo") or {}
        groups = claims.get(ROLE_CLAIM) or []
        if isinstance(groups, str):
            groups = [groups]
        return {
            "username": claims.get("preferred_username") or claims.get("sub"),
            "email": claims.get("email", ""),
            "first_name": claims.get("given_name", ""),
            "last_name": claims.get("family_name", ""),
            "role_keys": groups,
        }


SECURITY_MANAGER_CLASS = OidcSecurityManager
`;
}
