/**
 * `orgsync emulator --state-from-manifests PATH`: the state the manifests describe, as an
 * emulator seed. The conversion lives here, in the CLI, so that the emulator itself knows
 * nothing of manifests (it stays an independent implementation of Atlassian's contract).
 */
import type { EmulatorSeed, SeedOrganization } from "../emulator/index.js";
import {
  findPredefinedField,
  formatLocation,
  isProductId,
  nameKey,
  type Desired,
} from "../model/index.js";
import { UsageError } from "../util/errors.js";

/** Options of `manifestsToSeed`. */
export interface ManifestsToSeedOptions {
  /** The emulator also starts with the predefined fields, so detail keys may name them. @default false */
  readonly predefinedFields?: boolean;
}

/**
 * The site after a complete apply of `desired`: its fields (in manifest order), the products
 * its organizations name, and its organizations with their details, products and customers.
 * `ensure: absent` objects are left out and previous names play no part (the renames are done).
 * A detail key must name a declared field (or, with `predefinedFields`, a predefined one):
 * a seed needs each field's type, which only a `DetailFields` document gives.
 */
export function manifestsToSeed(
  desired: Desired,
  options: ManifestsToSeedOptions = {},
): EmulatorSeed {
  const fields = desired.fields.items.filter((f) => f.ensure !== "absent");
  const known = new Set(fields.map((field) => nameKey(field.name)));
  const undeclared: string[] = [];
  const products = new Map<string, string>();
  const organizations: SeedOrganization[] = [];
  for (const organization of desired.organizations) {
    if (organization.ensure === "absent") continue;
    const details: Record<string, readonly string[]> = {};
    for (const detail of organization.details) {
      const declared =
        known.has(nameKey(detail.name)) ||
        (options.predefinedFields === true &&
          findPredefinedField(detail.name) !== undefined);
      if (!declared) {
        undeclared.push(
          `${formatLocation(detail.source)}: ${JSON.stringify(detail.name)} of ${JSON.stringify(organization.name)}`,
        );
      }
      if (detail.values.length > 0) details[detail.name] = detail.values;
    }
    const entitled = organization.products?.items ?? [];
    for (const product of entitled) products.set(nameKey(product), product);
    const customers = organization.customers?.items ?? [];
    organizations.push({
      // The manifest's id, so that a plan of the same manifests finds each organization.
      ...(organization.id === undefined ? {} : { id: organization.id }),
      name: organization.name,
      ...(Object.keys(details).length > 0 ? { details } : {}),
      ...(entitled.length > 0 ? { products: entitled } : {}),
      ...(customers.length > 0 ? { customers } : {}),
    });
  }
  if (undeclared.length > 0) {
    throw new UsageError(
      `--state-from-manifests needs every detail key declared in a DetailFields document (the seed needs each field's type); not declared: ${undeclared.join("; ")}`,
      {
        hint: "add the fields to a DetailFields document (orgsync export --fields-only writes the site's)",
      },
    );
  }
  return {
    ...(options.predefinedFields === true ? { predefinedFields: true } : {}),
    fields: fields.map((field) => ({
      name: field.name,
      type: field.type,
      ...(field.options === undefined ? {} : { options: field.options }),
    })),
    // A reference shaped like a UUID is a product id: the product gets it as its id and name.
    products: [...products.values()].map((product) =>
      isProductId(product) ? { id: product, name: product } : { name: product },
    ),
    organizations,
  };
}
