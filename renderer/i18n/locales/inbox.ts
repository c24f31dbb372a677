import { defineLocale } from '../define';

export default defineLocale(
  {
    title: 'DMS webhook inbox',
    url: 'Inbox URL',
    whereToPaste:
      'In the DMS console, open Operations Management > Notification Management, choose the custom webhook notification method and paste this URL. DMS then posts each ticket event to it (header "DMS-Event: Message Hook").',
    loopback:
      'This URL is on {{host}}: only programs on this computer can reach it, not DMS in Alibaba Cloud. On a server that DMS can reach, run `channel-desk serve --inbox-host <address> --inbox-port <port>`: only the webhook is served there, the UI and API stay on 127.0.0.1.',
    wildcard: 'The inbox listens on all addresses ({{host}}): in DMS, replace {{host}} in this URL with the address DMS uses to reach this server.',
    plaintext:
      'This URL is plain HTTP on {{host}}: event bodies and the URL token cross the network unencrypted. Start serve with --inbox-tls-cert/--inbox-tls-key, or keep the inbox on 127.0.0.1 behind an HTTPS reverse proxy and paste its https:// URL into DMS.',
    notServed:
      'No URL yet: the inbox gets its address when it is served. Run `channel-desk serve --inbox-host <address> --inbox-port <port>` on a server that DMS can reach, then come back here.',
    signature: 'Signature',
    signatureHelp:
      'A sender that can sign (for example a relay in front of the inbox) sends the Unix time in seconds in {{timestampHeader}} and, in {{signatureHeader}}, the HMAC-SHA256 of "<timestamp>.<Idempotency-Key or empty>.<raw body>" keyed with the signing secret (an openssl example is in the README). Requests more than 5 minutes off are refused, and so is a changed Idempotency-Key. Require signatures only when every sender signs.',
    signatureFormat: 'sha256=<hex HMAC-SHA256 of "<timestamp>.<Idempotency-Key>.<raw body>">',
    timestampFormat: '<Unix time in seconds>',
    secret: 'Signing secret',
    secretPlaceholderSet: 'Leave empty to keep the saved secret',
    secretPlaceholderNotSet: 'At least 16 characters, e.g. from `openssl rand -hex 32`',
    clearSecret: 'Remove secret',
    clearConfirm: 'Remove the signing secret? Signatures will no longer be required.',
    cleared: 'Signing secret removed',
    require: 'Require signatures',
    requireHelp: 'Unsigned or wrongly signed requests are refused with 401.',
    saved: 'Inbox settings saved',
    rotate: 'Rotate URL',
    rotateConfirm: 'Make a new URL? The current one stops working at once: paste the new one into DMS.',
    rotated: 'New inbox URL made. Paste it into DMS.',
  },
  {
    title: 'DMS Webhook 收件箱',
    url: '收件箱 URL',
    whereToPaste:
      '在 DMS 控制台中进入 运维管理 > 通知管理，选择自定义 Webhook 通知方式并粘贴此 URL。之后 DMS 会把每个工单事件发送到这里（请求头 "DMS-Event: Message Hook"）。',
    loopback:
      '此 URL 位于 {{host}}：只有本机上的程序可以访问，阿里云中的 DMS 无法访问。请在 DMS 能访问到的服务器上运行 `channel-desk serve --inbox-host <地址> --inbox-port <端口>`：该地址只提供 Webhook，界面和 API 仍只在 127.0.0.1 上。',
    wildcard: '收件箱监听所有地址（{{host}}）：在 DMS 中请把此 URL 里的 {{host}} 换成 DMS 访问本服务器所用的地址。',
    plaintext:
      '此 URL 是 {{host}} 上的明文 HTTP：事件内容和 URL 令牌会以未加密的形式经过网络。请使用 --inbox-tls-cert/--inbox-tls-key 启动 serve，或让收件箱只监听 127.0.0.1 并置于 HTTPS 反向代理之后，再把代理的 https:// URL 粘贴到 DMS。',
    notServed:
      '尚无 URL：收件箱在提供服务后才有地址。请在 DMS 能访问到的服务器上运行 `channel-desk serve --inbox-host <地址> --inbox-port <端口>`，然后回到此处。',
    signature: '签名',
    signatureHelp:
      '能够签名的发送方（例如收件箱前面的中转服务）在 {{timestampHeader}} 中发送 Unix 时间（秒），并在 {{signatureHeader}} 中发送用签名密钥对 "<时间戳>.<Idempotency-Key 或空>.<原始请求体>" 计算的 HMAC-SHA256（README 中有 openssl 示例）。与本机时间相差超过 5 分钟或 Idempotency-Key 被改动的请求将被拒绝。只有当所有发送方都会签名时才要求签名。',
    signatureFormat: 'sha256=<"<时间戳>.<Idempotency-Key>.<原始请求体>" 的 HMAC-SHA256 十六进制值>',
    timestampFormat: '<Unix 时间（秒）>',
    secret: '签名密钥',
    secretPlaceholderSet: '留空则保留已保存的密钥',
    secretPlaceholderNotSet: '至少 16 个字符，例如 `openssl rand -hex 32` 的输出',
    clearSecret: '删除密钥',
    clearConfirm: '删除签名密钥？之后将不再要求签名。',
    cleared: '签名密钥已删除',
    require: '要求签名',
    requireHelp: '未签名或签名错误的请求将以 401 拒绝。',
    saved: '收件箱设置已保存',
    rotate: '更换 URL',
    rotateConfirm: '生成新的 URL？当前 URL 会立即失效：请把新的 URL 粘贴到 DMS 中。',
    rotated: '已生成新的收件箱 URL，请粘贴到 DMS 中。',
  },
);
