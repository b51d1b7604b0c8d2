/**
 * What this project uses of opencc-js. The package ships types, but they import `./core` without an extension,
 * which does not resolve for an ES module package under NodeNext: `Converter` would come out as an error type.
 * `opencc-js/t2cn` is the same API with only the tables that convert to Simplified.
 */
declare module 'opencc-js/t2cn' {
  /** A converter from one locale's characters to another's (`from: 'tw', to: 'cn'`: Taiwan Traditional to Simplified). */
  export function Converter(options: { from: string; to: string }): (text: string) => string;
}
declare module 'opencc-js' {
  export function Converter(options: { from: string; to: string }): (text: string) => string;
}
