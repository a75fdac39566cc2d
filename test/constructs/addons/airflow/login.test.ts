import { spawnSync } from "node:child_process";
import { oidcApiServerConfig } from "../../../../constructs/addons/airflow/login";

const config = oidcApiServerConfig({
  issuerUrl: "https://keycloak.example.com/realms/data/",
  clientId: "airflow",
  roleClaim: "groups",
  roleMapping: { "/airflow-admins": ["Admin"], "airflow-users": ["User", "Viewer"] },
  defaultRole: "Viewer",
});

describe("Airflow's OIDC login (webserver_config.py)", () => {
  it("is valid Python (parsed by the machine's python3)", () => {
    const r = spawnSync("python3", ["-c", "import ast,sys; ast.parse(sys.stdin.read())"], {
      input: config,
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("maps the claim's values to FAB roles and syncs them at every login", () => {
    expect(config).toContain('"/airflow-admins": ["Admin"],');
    expect(config).toContain('"airflow-users": ["User", "Viewer"],');
    expect(config).toMatch(/^AUTH_ROLES_SYNC_AT_LOGIN = True$/m);
    expect(config).toMatch(/^AUTH_USER_REGISTRATION_ROLE = "Viewer"$/m);
    expect(config).toMatch(/^ROLE_CLAIM = "groups"$/m);
  });

  it("reads the client secret from the environment and the issuer's discovery document", () => {
    expect(config).toContain('"client_secret": os.environ["AIRFLOW_OIDC_CLIENT_SECRET"]');
    expect(config).toContain(
      '"server_metadata_url": "https://keycloak.example.com/realms/data/.well-known/openid-configuration"',
    );
  });
});
