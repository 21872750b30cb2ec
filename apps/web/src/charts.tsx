/** Plain SVG charts (no chart library): columns for a series or histogram, horizontal bars for rankings. */
export interface Point {
  label: string;
  value: number;
}

export function Columns({ data, title, height = 160 }: { data: Point[]; title: string; height?: number }) {
  const w = Math.max(280, data.length * 22);
  const max = Math.max(1, ...data.map((d) => d.value));
  const bw = (w - 30) / Math.max(1, data.length);
  const step = Math.ceil(data.length / 12);
  return (
    <figure style={{ margin: 0, overflowX: 'auto' }}>
      <svg
        className="chart"
        role="img"
        aria-label={`${title}: ${data.map((d) => `${d.label} ${d.value}`).join(', ')}`}
        width={w}
        height={height + 30}
        viewBox={`0 0 ${w} ${height + 30}`}
      >
        <line x1="28" y1={height} x2={w} y2={height} stroke="#6b7280" />
        <text x="0" y="10">
          {max}
        </text>
        <text x="0" y={height}>
          0
        </text>
        {data.map((d, i) => {
          const h = (d.value / max) * (height - 14);
          return (
            <g key={i}>
              <rect x={30 + i * bw + 1} y={height - h} width={Math.max(2, bw - 3)} height={h} fill="#0b4f9c">
                <title>{`${d.label}: ${d.value}`}</title>
              </rect>
              {i % step === 0 && (
                <text x={30 + i * bw + bw / 2} y={height + 14} textAnchor="middle">
                  {d.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">{title}</figcaption>
    </figure>
  );
}

export function Bars({ data, title, format = (v: number) => String(v) }: { data: Point[]; title: string; format?: (v: number) => string }) {
  const max = Math.max(1, ...data.map((d) => d.value));
  const row = 24;
  const w = 560;
  return (
    <figure style={{ margin: 0, overflowX: 'auto' }}>
      <svg
        className="chart"
        role="img"
        aria-label={`${title}: ${data.map((d) => `${d.label} ${format(d.value)}`).join(', ')}`}
        width="100%"
        viewBox={`0 0 ${w} ${Math.max(1, data.length) * row + 4}`}
        preserveAspectRatio="xMinYMin meet"
        style={{ maxWidth: w }}
      >
        {data.map((d, i) => (
          <g key={i} transform={`translate(0 ${i * row})`}>
            <text x="0" y="16">
              {d.label.length > 28 ? `${d.label.slice(0, 27)}…` : d.label}
            </text>
            <rect x="200" y="4" width={Math.max(2, (d.value / max) * 290)} height="16" fill="#1b6b2f" />
            <text x={206 + (d.value / max) * 290} y="16">
              {format(d.value)}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="muted">{title}</figcaption>
    </figure>
  );
}
