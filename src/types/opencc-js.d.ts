/**
 * What this project uses of opencc-js. The package ships types, but they import `./core` without an extension,
 * which does not resolve for an ES module package under NodeNext: `Converter` would come out as an error type.
 */
declare module 'opencc-js' {
  /** A converter from one locale's characters to another's (`from: 'tw', to: 'cn'`: Taiwan Traditional to Simplified). */
  export function Converter(options: { from: string; to: string }): (text: string) => string;
}
