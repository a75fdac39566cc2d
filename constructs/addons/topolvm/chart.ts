import type { ChartPin } from "../../helm/helm-chart";

/**
 * TopoLVM chart 17.1.0 (TopoLVM 0.41.0, its appVersion): the chart pins its image by tag and digest
 * (`image.reference: 0.41.0@sha256:5faf5b…`), and the CSI sidecars come from that same image.
 * Source: github.com/topolvm/topolvm, tag `topolvm-chart-v17.1.0`, charts/topolvm/Chart.yaml and values.yaml.
 */
export const TOPOLVM_CHART: ChartPin = {
  repository: "https://topolvm.github.io/topolvm",
  chart: "topolvm",
  version: "17.1.0",
};

/** Namespace of the release (the upstream getting-started guide installs into it). */
export const TOPOLVM_NAMESPACE = "topolvm-system";

/** Release name. */
export const TOPOLVM_RELEASE_NAME = "topolvm";

/** CSI driver name, and the provisioner of TopoLVM's StorageClasses (`useLegacy: false`; constants.go). */
export const TOPOLVM_CSI_DRIVER = "topolvm.io";

/** StorageClass parameter naming the device class a volume is carved from (constants.go, `<driver>/device-class`). */
export const TOPOLVM_DEVICE_CLASS_PARAMETER = `${TOPOLVM_CSI_DRIVER}/device-class`;

/** Prefix of a device class's StorageClass name unless it names its own: `topolvm-<device class>`. */
export const TOPOLVM_STORAGE_CLASS_PREFIX = "topolvm-";
