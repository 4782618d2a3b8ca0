/** RFC 6901 JSON pointers, the form ajv reports paths in and issues carry. */

/** The pointer of `segment` inside the object at `pointer`. */
export function childPointer(
  pointer: string,
  segment: string | number,
): string {
  return `${pointer}/${String(segment).replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

/** The segments of a pointer, unescaped; `""` (the whole document) has none. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
}
