import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDateFormat } from '../../ui/dates';

export interface ChartBucket {
  readonly start: number;
  readonly sent: number;
  readonly failed: number;
  readonly dead: number;
}

const COLORS = { sent: '#52c41a', failed: '#faad14', dead: '#ff4d4f' } as const;
const HEIGHT = 120;

/** Deliveries and failures per time bucket: three thin bars per bucket, plain SVG. */
export function DeliveryChart({ buckets }: { buckets: readonly ChartBucket[] }) {
  const { t } = useTranslation('deliveries');
  const max = Math.max(1, ...buckets.flatMap((b) => [b.sent, b.failed, b.dead]));
  const slot = 24;
  const bar = 6;
  const width = Math.max(1, buckets.length) * slot;
  const series = ['sent', 'failed', 'dead'] as const;
  const hour = useDateFormat().hourMinute;
  return (
    <div data-testid="delivery-chart">
      <svg viewBox={`0 0 ${width} ${HEIGHT + 18}`} width="100%" height={HEIGHT + 18} preserveAspectRatio="none" role="img" aria-label={t('chart.title')}>
        <line x1={0} y1={HEIGHT} x2={width} y2={HEIGHT} stroke="#d9d9d9" />
        {buckets.map((b, i) => (
          <g key={b.start} data-testid={`chart-bucket-${i}`} data-start={b.start} data-sent={b.sent} data-failed={b.failed} data-dead={b.dead}>
            {series.map((s, k) => {
              const h = (b[s] / max) * (HEIGHT - 4);
              return (
                <rect key={s} x={i * slot + 3 + k * (bar + 1)} y={HEIGHT - h} width={bar} height={h} fill={COLORS[s]}>
                  <title>{`${hour(b.start)} · ${t(`chart.${s}`)}: ${b[s]}`}</title>
                </rect>
              );
            })}
          </g>
        ))}
        {buckets.map((b, i) =>
          i % 6 === 0 ? (
            <text key={`l-${b.start}`} x={i * slot + 2} y={HEIGHT + 14} fontSize={10} fill="#8c8c8c">
              {hour(b.start)}
            </text>
          ) : null,
        )}
      </svg>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {series.map((s) => (
          <span key={s} style={{ marginInlineEnd: 16 }} data-testid={`chart-total-${s}`}>
            <span style={{ display: 'inline-block', width: 10, height: 10, background: COLORS[s], marginInlineEnd: 4 }} />
            {t(`chart.${s}`)}: {buckets.reduce((n, b) => n + b[s], 0)}
          </span>
        ))}
      </Typography.Text>
    </div>
  );
}
