import { OrgsyncError } from "../../model/errors.js";

/** The error of a command whose stage has not landed yet. */
export function notYetBuilt(command: string): OrgsyncError {
  return new OrgsyncError(
    "E_NOT_BUILT",
    `orgsync ${command} is not available in this version`,
  );
}
