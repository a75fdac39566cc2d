import { Construct } from "constructs";
import { dnsSuffixOf, partitionOf } from "../core/aws-partition";
import { ServiceRole, type IamStatement } from "../iam/service-role";

/**
 * Trust of ECS tasks, for this account's tasks only (the confused-deputy conditions AWS documents
 * for task and task execution roles).
 */
export function ecsTasksTrust(accountId: string, region: string): IamStatement {
  return {
    Effect: "Allow",
    Principal: { Service: "ecs-tasks.amazonaws.com" },
    Action: "sts:AssumeRole",
    Condition: {
      StringEquals: { "aws:SourceAccount": accountId },
      ArnLike: { "aws:SourceArn": `arn:${partitionOf(region)}:ecs:${region}:${accountId}:*` },
    },
  };
}

/** Properties of {@link TaskExecutionRole}. */
export interface TaskExecutionRoleProps {
  /** Role name. */
  readonly roleName: string;
  /** Whose tasks it starts (role description). */
  readonly description: string;
  /** Account of the tasks, their log groups and image repositories. */
  readonly accountId: string;
  /** Region of the tasks. */
  readonly region: string;
  /** Log groups the containers write to (`awslogs`), by ARN (without `:*`). */
  readonly logGroupArns: ReadonlyArray<string>;
  /** The Secrets Manager secrets injected into containers, by ARN: the only ones it may read. */
  readonly secretArns: ReadonlyArray<string>;
  /** KMS key of those secrets, used through Secrets Manager only. */
  readonly secretsKmsKeyArn: string;
}

/**
 * The role ECS uses to start tasks: pull images from this account's ECR repositories (an image
 * mirrored there; public images need no grant), create streams in and write to the tasks' log
 * groups, and read only the secrets the containers inject. `ecr:GetAuthorizationToken` takes no
 * resource but `"*"` (it returns a registry login, not an image).
 */
export class TaskExecutionRole extends Construct {
  public readonly role: ServiceRole;

  constructor(scope: Construct, id: string, props: TaskExecutionRoleProps) {
    super(scope, id);
    const partition = partitionOf(props.region);
    const statements: IamStatement[] = [
      { Sid: "LogInToEcr", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
      {
        Sid: "PullFromThisAccountsRepositories",
        Effect: "Allow",
        Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
        Resource: `arn:${partition}:ecr:${props.region}:${props.accountId}:repository/*`,
      },
      {
        Sid: "WriteTheTasksLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: props.logGroupArns.map((arn) => `${arn}:log-stream:*`),
      },
      ...(props.secretArns.length > 0
        ? [
            {
              Sid: "ReadTheInjectedSecrets",
              Effect: "Allow" as const,
              Action: ["secretsmanager:GetSecretValue"],
              Resource: [...props.secretArns],
            },
            {
              Sid: "DecryptThemThroughSecretsManager",
              Effect: "Allow" as const,
              Action: ["kms:Decrypt"],
              Resource: props.secretsKmsKeyArn,
              Condition: {
                StringEquals: {
                  "kms:ViaService": `secretsmanager.${props.region}.${dnsSuffixOf(props.region)}`,
                },
              },
            },
          ]
        : []),
    ];
    this.role = new ServiceRole(this, "Role", {
      roleName: props.roleName,
      description: props.description,
      trust: [ecsTasksTrust(props.accountId, props.region)],
      inlinePolicies: { StartTasks: statements },
    });
  }
}
