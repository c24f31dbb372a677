import { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import { isLoopbackHost } from '../../../shared/secret-target.js';

/**
 * The base URL to call. Empty override = the region's public endpoint (always explicit: the SDK's
 * "central" default would resolve to dms-enterprise.aliyuncs.com). An override may be a bare host
 * (`dms-enterprise-vpc.cn-hangzhou.aliyuncs.com`) or a URL; plain http is allowed only for loopback,
 * which is what tests use.
 */
export function resolveEndpoint(region: string, override: string): string {
  const raw = override.trim();
  if (raw === '') {
    if (!/^[a-z]{2,}(-[a-z0-9]+)+$/.test(region)) {
      throw new AppError('BAD_INPUT', text(`Unknown region id: ${region}`, `未知地域 ID：${region}`), {
        issues: [{ path: 'region', message: text('Pick the region of your DMS tenant.', '请选择 DMS 租户所在地域。') }],
      });
    }
    return `https://dms-enterprise.${region}.aliyuncs.com`;
  }
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    throw invalid(raw, text('not a valid host or URL', '不是有效的主机名或 URL'));
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw invalid(
      raw,
      text('plain http is allowed only for 127.0.0.0/8, ::1 and localhost; use https', '仅 127.0.0.0/8、::1 和 localhost 允许 http；请使用 https'),
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(raw, text('must be https', '必须为 https'));
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw invalid(raw, text('give only the host (and port), no path, query or credentials', '只需填写主机（和端口），不要包含路径、查询参数或凭据'));
  }
  return `${url.protocol}//${url.host}`;
}

function invalid(raw: string, why: { en: string; zh: string }): AppError {
  return new AppError('BAD_INPUT', text(`Invalid DMS endpoint "${raw}": ${why.en}`, `DMS 接入地址 "${raw}" 无效：${why.zh}`), {
    issues: [{ path: 'endpoint', message: why }],
  });
}
