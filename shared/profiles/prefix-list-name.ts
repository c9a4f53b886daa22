/** The one placeholder `spec.prefixListName` may hold. */
export const REGION_PLACEHOLDER = '{region}';

/**
 * The prefix list name an alias looks for in a region: its
 * `prefixListName` with every `{region}` replaced, so one alias
 * (`com.amazonaws.{region}.s3`) names the AWS-managed list of each region.
 */
export function prefixListNameIn(name: string, region: string): string {
  return name.replaceAll(REGION_PLACEHOLDER, region);
}

/**
 * What is wrong with the placeholders of a prefixListName, or undefined:
 * only `{region}` is known, so a typo like `{Region}` never silently
 * matches nothing.
 */
export function placeholderProblem(name: string): string | undefined {
  const unknown = (name.match(/\{[^}]*\}?/g) ?? [])
    .filter((p) => p !== REGION_PLACEHOLDER);
  if (unknown.length === 0) return undefined;
  return `${JSON.stringify(name)} holds ${unknown.join(', ')} (expected no ` +
    `placeholder but ${REGION_PLACEHOLDER}, the region of the account ` +
    'swept)';
}
