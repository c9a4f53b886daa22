/** The profile folder itself cannot be read (not a folder, no access). */
export class ProfileFolderError extends Error {
  override name = 'ProfileFolderError';
  readonly dir: string;

  constructor(dir: string, message: string, options?: ErrorOptions) {
    super(`${dir}: ${message}`, options);
    this.dir = dir;
  }
}

/** An intent bundle that is not what `loadProfiles` writes. */
export class BundleFormatError extends Error {
  override name = 'BundleFormatError';
}
