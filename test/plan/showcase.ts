import { plan, type Plan } from "../../src/plan/index.js";
import {
  OPTIONS,
  at,
  desired,
  field,
  live,
  liveField,
  liveOrg,
  org,
  resetLines,
} from "./builders.js";

/** A plan with every kind of change, an unsupported difference, and a hostile name. */
export function showcasePlan(): Plan {
  resetLines();
  return plan(
    desired({
      prune: true,
      fields: [
        field("Region", "SELECT", { options: ["AU", "EU", "US", "APAC"] }),
        field("Tier", "SELECT", {
          options: ["Gold", "Silver", "Bronze"],
          previousNames: ["Level"],
        }),
        field("Score", "NUMBER"),
        field("Renewal date", "DATE"),
      ],
      organizations: [
        org("Acme Corp", {
          previousNames: ["ACME Inc"],
          details: { Region: "EU", Tier: "Gold", "Renewal date": "2027-01-31" },
          products: ["Acme Widget"],
          pruneProducts: true,
          customers: ["qm:1", "qm:2"],
          source: at(40, "orgsync/acme.yaml"),
        }),
        org("Globex", {
          details: { Region: "US", Score: "7" },
          products: ["Acme Gadget"],
          customers: ["qm:9"],
          serviceDesks: ["SUP"],
        }),
        org("Evil\u001b[2J\u202eCorp", { details: { Region: "AU" } }),
        org("Old Co", { ensure: "absent" }),
      ],
    }),
    live({
      fields: [
        liveField("Region", "SELECT", ["AU", "US", "EU"]),
        liveField("Level", "SELECT", ["Gold", "Silver"]),
        liveField("Score", "TEXT"),
        liveField("Legacy", "TEXT"),
      ],
      organizations: [
        liveOrg("ACME Inc", {
          id: "o-acme",
          details: { Region: "US", Level: "Gold", Score: "12", Legacy: "x" },
          products: ["Acme Gadget"],
          customers: ["qm:1"],
        }),
        liveOrg("Old Co", { id: "o-old", details: { Region: "EU" } }),
      ],
      serviceDesks: { SUP: [] },
    }),
    OPTIONS,
  );
}
