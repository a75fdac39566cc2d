import { TOPOLVM_STORAGE_CLASS_PREFIX } from "./chart";

/** A thin pool inside a device class's volume group: thin volumes, and the only ones TopoLVM snapshots. */
export interface TopoLvmThinPool {
  /** Name of the thin logical volume (`lvcreate -T -n <name> …`), created beforehand on every storage node. */
  readonly name: string;
  /** How far the pool may be overcommitted: 1.0 or more (lvmd's rule). */
  readonly overprovisionRatio: number;
}

/** A TopoLVM device class: an LVM volume group (optionally a thin pool in it) that volumes are carved from. */
export interface TopoLvmDeviceClass {
  /** Name of the device class: letters, digits, `-`, `_`, `.`, starting and ending alphanumeric, at most 63 characters. */
  readonly name: string;
  /** LVM volume group that every storage node provides under this exact name. */
  readonly volumeGroup: string;
  /**
   * The default device class, used by volumes whose StorageClass names none (exactly one is the default).
   * @default false
   */
  readonly default?: boolean;
  /**
   * GiB lvmd keeps free in the volume group (not offered to volumes).
   * @default 10 (lvmd's own default)
   */
  readonly spareGb?: number;
  /**
   * A thin pool of the volume group: volumes are thin and can be snapshotted.
   * @default none (thick volumes)
   */
  readonly thinPool?: TopoLvmThinPool;
  /**
   * Name of this device class's StorageClass.
   * @default `topolvm-<name>`
   */
  readonly storageClassName?: string;
  /**
   * Filesystem of the volumes (TopoLVM supports xfs, ext4 and btrfs).
   * @default "xfs" (the chart's default)
   */
  readonly fsType?: "xfs" | "ext4" | "btrfs";
}

/** lvmd's spare capacity when a device class sets none (internal/lvmd/device_class_manager.go, `defaultSpareGB`). */
export const DEFAULT_SPARE_GB = 10;
/** Filesystem of the volumes unless a device class names one (the chart's `storageClasses[].storageClass.fsType`). */
export const DEFAULT_FS_TYPE = "xfs";

/** lvmd's device-class name rule (internal/lvmd/device_class_manager.go, `qualifiedNameRegexp`, at most 63). */
const DEVICE_CLASS_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const MAX_DEVICE_CLASS_NAME = 63;
/** lvm(8) VALID NAMES: a-z A-Z 0-9 + _ . - ; a VG or new LV name cannot begin with a hyphen, nor be `.` or `..`. */
const LVM_NAME = /^[A-Za-z0-9+_.][A-Za-z0-9+_.-]*$/;
/** A StorageClass name: a DNS-1123 subdomain. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_DNS_SUBDOMAIN = 253;

/** The StorageClass name of a device class: its own, or `topolvm-<name>`. */
export function storageClassNameOf(deviceClass: TopoLvmDeviceClass): string {
  return deviceClass.storageClassName ?? `${TOPOLVM_STORAGE_CLASS_PREFIX}${deviceClass.name}`;
}

function isLvmName(name: string): boolean {
  return LVM_NAME.test(name) && name !== "." && name !== "..";
}

function duplicates(values: ReadonlyArray<string>): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}

function oneClassProblems(dc: TopoLvmDeviceClass, at: string): string[] {
  const problems: string[] = [];
  if (!DEVICE_CLASS_NAME.test(dc.name) || dc.name.length > MAX_DEVICE_CLASS_NAME) {
    problems.push(
      `${at}.name: expected letters, digits, "-", "_" or ".", starting and ending with a letter or digit, at most ${MAX_DEVICE_CLASS_NAME} characters, received "${dc.name}"`,
    );
  }
  if (!isLvmName(dc.volumeGroup)) {
    problems.push(
      `${at}.volumeGroup: expected an LVM volume group name (letters, digits and "+", "_", ".", "-", not starting with "-", not "." or ".."), received "${dc.volumeGroup}"`,
    );
  }
  if (dc.spareGb !== undefined && (!Number.isInteger(dc.spareGb) || dc.spareGb < 0)) {
    problems.push(`${at}.spareGb: expected a whole number of GiB, 0 or more, received ${dc.spareGb}`);
  }
  if (dc.thinPool && !isLvmName(dc.thinPool.name)) {
    problems.push(
      `${at}.thinPool.name: expected an LVM logical volume name (letters, digits and "+", "_", ".", "-", not starting with "-", not "." or ".."), received "${dc.thinPool.name}"`,
    );
  }
  if (dc.thinPool && !(dc.thinPool.overprovisionRatio >= 1)) {
    problems.push(
      `${at}.thinPool.overprovisionRatio: expected 1.0 or more, received ${dc.thinPool.overprovisionRatio}`,
    );
  }
  const storageClass = storageClassNameOf(dc);
  if (!DNS_SUBDOMAIN.test(storageClass) || storageClass.length > MAX_DNS_SUBDOMAIN) {
    problems.push(
      `${at}.storageClassName: expected a StorageClass name (lower-case letters, digits, "-" and "."), received "${storageClass}"${dc.storageClassName === undefined ? ` (derived from the name; set storageClassName)` : ""}`,
    );
  }
  return problems;
}

/**
 * Why these device classes cannot be given to lvmd: lvmd's own checks (internal/lvmd/device_class_manager.go:
 * at least one class, unique valid names, a unique volume group (or volume group/thin pool) per class, a thin
 * pool overcommit of 1.0 or more), plus exactly one default (lvmd allows none; the platform wants one),
 * volume group names valid for LVM, and unique, valid StorageClass names. One message per problem.
 */
export function deviceClassProblems(deviceClasses: ReadonlyArray<TopoLvmDeviceClass>): string[] {
  if (deviceClasses.length === 0) {
    return ["deviceClasses: expected at least one device class, received none"];
  }
  const problems = deviceClasses.flatMap((dc, i) => oneClassProblems(dc, `deviceClasses[${i}]`));
  const defaults = deviceClasses.filter((dc) => dc.default === true).map((dc) => dc.name);
  if (defaults.length !== 1) {
    problems.push(
      `deviceClasses: expected exactly one default device class, received ${defaults.length}${defaults.length > 0 ? ` (${defaults.join(", ")})` : ""}`,
    );
  }
  const names = duplicates(deviceClasses.map((dc) => dc.name));
  if (names.length > 0) {
    problems.push(
      `deviceClasses: expected unique names, received ${names.map((n) => `"${n}"`).join(", ")} more than once`,
    );
  }
  const groups = duplicates(
    deviceClasses.map((dc) => (dc.thinPool ? `${dc.volumeGroup}/${dc.thinPool.name}` : dc.volumeGroup)),
  );
  if (groups.length > 0) {
    problems.push(
      `deviceClasses: expected one device class per volume group (or volume group/thin pool), received ${groups.map((g) => `"${g}"`).join(", ")} more than once`,
    );
  }
  const classes = duplicates(deviceClasses.map(storageClassNameOf));
  if (classes.length > 0) {
    problems.push(
      `deviceClasses: expected unique StorageClass names, received ${classes.map((c) => `"${c}"`).join(", ")} more than once`,
    );
  }
  return problems;
}
