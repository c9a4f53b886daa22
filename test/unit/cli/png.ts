import { inflateSync } from 'node:zlib';

/** A decoded PNG: 8-bit RGBA pixels, row by row. */
export interface Image {
  width: number;
  height: number;
  rgba: Uint8Array;
}

const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes the per-scanline filters of PNG (types 0 to 4). */
function unfilter(data: Buffer, height: number, stride: number, bpp: number) {
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y += 1) {
    const type = data[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    for (let x = 0; x < stride; x += 1) {
      const a = x >= bpp ? out[row + x - bpp]! : 0;
      const b = y > 0 ? out[row - stride + x]! : 0;
      const c = x >= bpp && y > 0 ? out[row - stride + x - bpp]! : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][type];
      if (predictor === undefined) throw new Error(`PNG filter ${type}`);
      out[row + x] = (data[src + x]! + predictor) & 0xff;
    }
  }
  return out;
}

function toRgba(pixels: Uint8Array, channels: number): Uint8Array {
  const count = pixels.length / channels;
  const rgba = new Uint8Array(count * 4);
  for (let i = 0; i < count; i += 1) {
    const p = pixels.subarray(i * channels, i * channels + channels);
    const grey = channels <= 2;
    rgba[i * 4] = p[0]!;
    rgba[i * 4 + 1] = grey ? p[0]! : p[1]!;
    rgba[i * 4 + 2] = grey ? p[0]! : p[2]!;
    rgba[i * 4 + 3] = channels === 4 ? p[3]! : channels === 2 ? p[1]! : 255;
  }
  return rgba;
}

/**
 * Decodes a non-interlaced 8-bit PNG (what Chromium's screenshots are):
 * greyscale, RGB or RGBA, with or without alpha.
 */
export function decodePng(png: Buffer): Image {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      channels = CHANNELS[data[9]!] ?? 0;
      if (data[8] !== 8 || !channels || data[12] !== 0) {
        throw new Error('only 8-bit, non-interlaced, non-palette PNGs');
      }
    }
    if (type === 'IDAT') idat.push(data);
    offset += length + 12;
  }
  const stride = width * channels;
  const pixels = unfilter(inflateSync(Buffer.concat(idat)), height, stride,
    channels);
  return { width, height, rgba: toRgba(pixels, channels) };
}

/** How many distinct colours, and what share of pixels are not white. */
export function colourStats(image: Image): {
  colours: number;
  nonWhite: number;
} {
  const colours = new Set<number>();
  let nonWhite = 0;
  const { rgba } = image;
  for (let i = 0; i < rgba.length; i += 4) {
    const r = rgba[i]!;
    const g = rgba[i + 1]!;
    const b = rgba[i + 2]!;
    colours.add((r << 16) | (g << 8) | b);
    if (r < 245 || g < 245 || b < 245) nonWhite += 1;
  }
  return { colours: colours.size, nonWhite: nonWhite / (rgba.length / 4) };
}
