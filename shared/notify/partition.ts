/** The AWS partition a region belongs to. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

// GovCloud and China have consoles of their own: a commercial console
// link opens the wrong sign-in page there.
const CONSOLE_HOSTS: Record<string, (region: string) => string> = {
  'aws': (region) => `${region}.console.aws.amazon.com`,
  'aws-us-gov': () => 'console.amazonaws-us-gov.com',
  'aws-cn': () => 'console.amazonaws.cn',
};

/** The host of the AWS console of a region, by its partition. */
export function consoleHost(region: string): string {
  return CONSOLE_HOSTS[partitionOf(region)]!(region);
}
