import {
  dbInstanceClassIssue,
  isOutpostDbClass,
  POSTGRES_DB_INSTANCE_CLASSES,
  POSTGRES_STORAGE_RULES,
  RDS_STORAGE_TYPES,
  rdsStorageIssues,
  type RdsStorage,
} from "../../../config/catalogue/rds";

const PATH = "data.rds";
const issues = (storage: RdsStorage) => rdsStorageIssues(storage, PATH);

describe("RDS for PostgreSQL catalogue", () => {
  it("lists classes and storage rules", () => {
    const families = Object.keys(POSTGRES_DB_INSTANCE_CLASSES);
    expect(families.length).toBeGreaterThan(20);
    for (const family of families) {
      expect(POSTGRES_DB_INSTANCE_CLASSES[family].length).toBeGreaterThan(0);
      for (const size of POSTGRES_DB_INSTANCE_CLASSES[family]) {
        expect(dbInstanceClassIssue(`db.${family}.${size}`)).toBeUndefined();
      }
    }
    expect(RDS_STORAGE_TYPES.length).toBe(5);
    for (const type of RDS_STORAGE_TYPES) {
      const { min, max } = POSTGRES_STORAGE_RULES[type].allocatedGiB;
      expect(
        issues({
          storageType: type,
          allocatedStorageGiB: min,
          iops: type.startsWith("io") ? 1000 : undefined,
        }),
      ).toEqual([]);
      expect(
        issues({
          storageType: type,
          allocatedStorageGiB: max,
          iops: type.startsWith("io") ? 64000 : undefined,
        }),
      ).toEqual([]);
    }
  });

  describe("instance classes", () => {
    // From "Supported DB engines for DB instance classes", PostgreSQL column.
    it.each([
      "db.t3.micro",
      "db.t4g.2xlarge",
      "db.m5.24xlarge",
      "db.m6i.32xlarge",
      "db.m7g.16xlarge",
      "db.m7i.48xlarge",
      "db.m8g.48xlarge",
      "db.r5b.large",
      "db.r6idn.xlarge",
      "db.r7i.48xlarge",
      "db.r8g.24xlarge",
      "db.x2g.large",
      "db.x2idn.16xlarge",
      "db.x2iedn.xlarge",
    ])("accepts %s", (cls) => {
      expect(dbInstanceClassIssue(cls)).toBeUndefined();
    });

    it("refuses a malformed class", () => {
      for (const cls of ["m5.large", "db.m5", "db.M5.large", "db.m5.large.tpc2"]) {
        expect(dbInstanceClassIssue(cls)).toBe(
          "expected an RDS instance class db.<family>.<size> such as db.m7g.large",
        );
      }
    });

    it("refuses a family PostgreSQL does not run on, listing those it does", () => {
      expect(dbInstanceClassIssue("db.z1d.large")).toMatch(
        /^expected a family RDS for PostgreSQL runs: db\.t3, db\.t4g, .*db\.x2iedn/,
      );
      expect(dbInstanceClassIssue("db.m4.large")).toMatch(/^expected a family RDS for PostgreSQL runs:/);
    });

    it("refuses a size the family lacks, listing its sizes", () => {
      expect(dbInstanceClassIssue("db.t3.nano")).toBe(
        "expected a size db.t3 has for PostgreSQL: micro, small, medium, large, xlarge, 2xlarge",
      );
      expect(dbInstanceClassIssue("db.m7g.24xlarge")).toMatch(/for PostgreSQL: large, .*, 16xlarge$/);
      expect(dbInstanceClassIssue("db.m7i.metal-48xl")).toMatch(/48xlarge$/);
      expect(dbInstanceClassIssue("db.r6idn.large")).toMatch(/: xlarge, 2xlarge/);
    });

    it("knows the classes of RDS on Outposts", () => {
      expect(isOutpostDbClass("db.m5.large")).toBe(true);
      expect(isOutpostDbClass("db.r5.24xlarge")).toBe(true);
      expect(isOutpostDbClass("db.m6i.large")).toBe(false);
      expect(isOutpostDbClass("db.m5.nano")).toBe(false);
      expect(isOutpostDbClass("m5.large")).toBe(false);
    });
  });

  describe("storage", () => {
    it("accepts what AWS documents", () => {
      expect(issues({ storageType: "gp3", allocatedStorageGiB: 20 })).toEqual([]);
      expect(
        issues({ storageType: "gp3", allocatedStorageGiB: 400, iops: 12000, storageThroughput: 500 }),
      ).toEqual([]);
      expect(
        issues({ storageType: "gp3", allocatedStorageGiB: 1000, iops: 64000, storageThroughput: 4000 }),
      ).toEqual([]);
      expect(issues({ storageType: "gp2", allocatedStorageGiB: 100 })).toEqual([]);
      expect(issues({ storageType: "io1", allocatedStorageGiB: 100, iops: 5000 })).toEqual([]);
      expect(issues({ storageType: "io2", allocatedStorageGiB: 100, iops: 100000 })).toEqual([]);
      expect(issues({ storageType: "standard", allocatedStorageGiB: 5 })).toEqual([]);
    });

    it("refuses allocated storage outside the type's range", () => {
      expect(issues({ storageType: "gp3", allocatedStorageGiB: 19 })).toEqual([
        {
          path: "data.rds.allocatedStorageGiB",
          message: "expected 20 to 65,536 GiB for gp3 storage",
          received: 19,
        },
      ]);
      expect(issues({ storageType: "io1", allocatedStorageGiB: 50, iops: 1000 })[0].message).toBe(
        "expected 100 to 65,536 GiB for io1 storage",
      );
      expect(issues({ storageType: "standard", allocatedStorageGiB: 4000 })[0].message).toBe(
        "expected 5 to 3,072 GiB for standard storage",
      );
      expect(issues({ storageType: "gp2", allocatedStorageGiB: 20.5 })[0].path).toBe(
        "data.rds.allocatedStorageGiB",
      );
    });

    it("refuses gp3 IOPS or throughput below 400 GiB", () => {
      expect(
        issues({ storageType: "gp3", allocatedStorageGiB: 399, iops: 12000, storageThroughput: 500 }),
      ).toEqual([
        {
          path: "data.rds.iops",
          message: "expected no iops below 400 GiB of gp3: PostgreSQL gets a fixed 3,000 IOPS there",
          received: 12000,
        },
        {
          path: "data.rds.storageThroughput",
          message:
            "expected no storageThroughput below 400 GiB of gp3: PostgreSQL gets a fixed 125 MiBps there",
          received: 500,
        },
      ]);
    });

    it("refuses gp3 IOPS and throughput outside their ranges", () => {
      const [iops, throughput] = issues({
        storageType: "gp3",
        allocatedStorageGiB: 500,
        iops: 3000,
        storageThroughput: 125,
      });
      expect(iops.message).toBe("expected 12,000 to 64,000 IOPS for gp3 storage");
      expect(throughput.message).toBe("expected 500 to 4,000 MiBps for gp3 storage");
    });

    it("refuses gp3 throughput above 0.25 MiBps per IOPS", () => {
      expect(
        issues({ storageType: "gp3", allocatedStorageGiB: 500, storageThroughput: 4000 })[0].message,
      ).toBe(
        "expected at most 0.25 MiBps per IOPS (3,000 MiBps for 12,000 IOPS); raise iops or lower the throughput",
      );
    });

    it("refuses io1 and io2 without IOPS", () => {
      for (const storageType of ["io1", "io2"] as const) {
        expect(issues({ storageType, allocatedStorageGiB: 100 })).toEqual([
          {
            path: "data.rds.iops",
            message: `expected iops (1,000 to 256,000): ${storageType} storage requires it`,
            received: undefined,
          },
        ]);
      }
    });

    it("refuses IOPS outside the range or the ratio to storage", () => {
      expect(issues({ storageType: "io1", allocatedStorageGiB: 100, iops: 500 })[0].message).toBe(
        "expected 1,000 to 256,000 IOPS for io1 storage",
      );
      expect(issues({ storageType: "io1", allocatedStorageGiB: 100, iops: 6000 })[0].message).toBe(
        "expected 0.5 to 50 IOPS per GiB for io1 storage (50 to 5,000 IOPS for 100 GiB)",
      );
      expect(issues({ storageType: "io1", allocatedStorageGiB: 10000, iops: 1000 })[0].message).toMatch(
        /^expected 0\.5 to 50 IOPS per GiB/,
      );
      expect(issues({ storageType: "io2", allocatedStorageGiB: 100, iops: 200000 })[0].message).toBe(
        "expected 0.5 to 1000 IOPS per GiB for io2 storage (50 to 100,000 IOPS for 100 GiB)",
      );
    });

    it("refuses IOPS or throughput a type cannot set", () => {
      expect(issues({ storageType: "gp2", allocatedStorageGiB: 100, iops: 3000 })[0].message).toBe(
        "expected no iops: gp2 storage has no provisioned IOPS",
      );
      expect(
        issues({ storageType: "io2", allocatedStorageGiB: 100, iops: 3000, storageThroughput: 500 }),
      ).toEqual([
        {
          path: "data.rds.storageThroughput",
          message: "expected no storageThroughput: only gp3 storage sets it, not io2",
          received: 500,
        },
      ]);
    });
  });
});
