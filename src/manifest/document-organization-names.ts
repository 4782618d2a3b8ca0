/**
 * The organization names and previous names a parsed document uses, read from its plain
 * data before any check: the names the site can be asked about while later files load. A
 * document the checks refuse stops the whole load, so a name read here from a broken
 * document costs at most a read.
 */
export function documentOrganizationNames(value: unknown): string[] {
  const document = value as Partial<Record<string, unknown>> | null;
  const entries =
    document?.kind === "Organization"
      ? [document]
      : document?.kind === "Organizations" &&
          Array.isArray(document.organizations)
        ? (document.organizations as unknown[])
        : [];
  return entries.flatMap((entry) => {
    const organization = entry as Partial<Record<string, unknown>> | null;
    const previous = organization?.previousNames;
    return [
      organization?.name,
      ...(Array.isArray(previous) ? (previous as unknown[]) : []),
    ].filter((name): name is string => typeof name === "string");
  });
}
