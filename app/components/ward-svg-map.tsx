import { useId } from "react";
import { describeFigure, shadeClass, shadeColour, type WardFigure } from "~/models/ward-figures";
import type { WardPaths } from "~/models/ward-shapes.server";

/**
 * Salford's wards drawn on the server as plain SVG: no JavaScript, no Leaflet.
 * Either shaded by pledges per 1,000 residents, or with one ward picked out.
 */
export function WardSvgMap({
  paths,
  figures,
  breaks,
  highlight,
  pin,
  label,
}: {
  paths: WardPaths;
  figures?: WardFigure[];
  breaks?: number[];
  highlight?: string;
  /** An exact place (an organisation, never a resident), already projected. */
  pin?: { x: number; y: number };
  label: string;
}) {
  const titleId = useId();
  const byCode = new Map(figures?.map((f) => [f.code, f]));
  return (
    <svg viewBox={paths.viewBox} role="img" aria-labelledby={titleId} className="ward-svg-map">
      <title id={titleId}>{label}</title>
      {paths.wards.map((ward) => {
        const figure = byCode.get(ward.code);
        const fill = highlight
          ? ward.code === highlight
            ? "#0b5d4b"
            : "#e6e3dc"
          : figure && breaks
            ? shadeColour(shadeClass(figure, breaks))
            : "#e6e3dc";
        return (
          <path key={ward.code} d={ward.d} fill={fill} stroke="#ffffff" strokeWidth={1.5} data-ward={ward.code}>
            <title>{figure ? `${ward.name}: ${describeFigure(figure)}` : ward.name}</title>
          </path>
        );
      })}
      <path d={paths.boundary} fill="none" stroke="#1b1b1b" strokeWidth={2} />
      {pin ? <circle cx={pin.x} cy={pin.y} r={9} fill="#f2c14e" stroke="#1b1b1b" strokeWidth={3} /> : null}
    </svg>
  );
}
