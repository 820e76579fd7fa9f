import type { IPicGo } from 'picgo'

/** One label (alias) and one hint (message) per setting, in English and Simplified Chinese. */
const EN = {
  accessKeyId: ['AccessKey ID', 'AccessKey ID of a RAM user with oss:PutObject on the bucket'],
  accessKeySecret: ['AccessKey Secret', "AccessKey secret (stored in PicGo's config, never logged)"],
  stsToken: ['STS token (optional)', 'Security token, only for temporary STS credentials'],
  bucket: ['Bucket', 'Bucket name, e.g. my-images'],
  region: ['Region', 'Region id, e.g. oss-cn-hangzhou (cn-hangzhou also works)'],
  endpoint: [
    'Upload endpoint (optional)',
    'Leave empty for https://<region>.aliyuncs.com; or an internal, accelerate or custom URL such as https://oss-accelerate.aliyuncs.com'
  ],
  cname: ['Endpoint is a bound domain', 'On when the endpoint above is a custom domain bound to the bucket'],
  pathStyle: [
    'Path-style requests',
    "On for OSS-compatible servers that want /<bucket>/<key> (Alibaba's OSS emulator, private deployments); needs the endpoint"
  ],
  signatureVersion: ['Signature version', 'v4 (recommended); v1 only for old accounts that still allow it'],
  path: ['Path', 'Key prefix, placeholders allowed, e.g. img/ or img/{year}/{month}/; / for the bucket root'],
  fileName: ['File name', 'Name template: {hash}.{ext} (default), {name}-{hash:8}.{ext}, {year}{month}{day}-{uuid}.{ext} …'],
  customUrl: ['Custom domain (optional)', 'Public URL base, e.g. https://img.example.com (CDN or bound domain)'],
  urlSuffix: ['URL suffix (optional)', 'Appended to every URL, e.g. ?x-oss-process=style/w800'],
  compress: ['Compress images', 'Compress with sharp before uploading (originals are kept when it does not pay)'],
  quality: ['Quality (1-100)', 'Lossy quality; 80 keeps photos visually identical at about a fifth of the size'],
  convertTo: [
    'Convert to',
    'keep = same format; webp/avif/jpeg/png convert (avif takes about twice the time, and is stored only when smaller than the default result)'
  ],
  formats: [
    'Formats',
    'With convertTo keep: compatible (default: JPEG, PNG and GIF only; a photo-like PNG becomes a smaller JPEG), modern (also AVIF and WebP: only for readers whose browsers all show them) or same (every image keeps its format)'
  ],
  maxWidth: ['Max width (px)', 'Shrink wider images to this width; 0 = never'],
  maxHeight: ['Max height (px)', 'Shrink taller images to this height; 0 = never'],
  keepMetadata: ['Keep EXIF/GPS', 'Off (default) strips camera data and location; the colour profile is always kept'],
  svg: ['SVG files', 'sanitize (default) removes scripts, event handlers and external references; keep uploads as is; refuse rejects SVG'],
  dedupe: ['Skip existing images', 'Reuse an identical object and its URL (HEAD first above 256 KB; smaller images go PUT-first, never overwriting)'],
  cacheControl: ['Cache-Control (optional)', 'Default for hash names: public, max-age=31536000, immutable'],
  acl: ['Object ACL', "Empty = the bucket's ACL"],
  storageClass: [
    'Storage class',
    "Empty = the bucket's storage class. Archive, ColdArchive and DeepColdArchive are refused for uploads: such objects cannot be read until restored, so their URLs would not show the images"
  ],
  signedUrlExpires: ['Signed URL lifetime (s)', '0 = public URLs; above 0 = signed URLs for private buckets, valid this many seconds'],
  timeout: ['Timeout (ms)', 'Per request'],
  retries: ['Retries', 'On network errors and server errors, with backoff'],
  multipartThreshold: ['Multipart threshold (MB)', 'Files above this size upload in parallel parts'],
  deleteOnRemove: ['Delete from OSS when removed from the gallery', 'Off by default; objects still used by other gallery entries are kept'],
  nonImages: [
    'Files that are no image',
    "refuse (default) or upload: upload publishes any file given to PicGo, and PicGo's server takes paths from any web page you open"
  ],
  maxInputMB: ['Largest image migrate reads (MB)', 'Local files and web images above this size are refused before they are read'],
  watermark: ['Watermark', 'off (default), text or image; never on SVG, small images or images kept as they are, on animations only with watermarkAnimated'],
  watermarkText: ['Watermark text', 'Drawn with the built-in font (Chinese included), e.g. © 我的博客'],
  watermarkImage: ['Watermark image', 'Path of a local PNG or SVG file, e.g. /home/me/logo.png'],
  watermarkPosition: ['Watermark position', 'One of nine places (bottom-right by default), or tile to repeat it over the whole picture'],
  watermarkAngle: ['Tile angle (degrees)', 'How far the tiled marks are turned, -180 to 180 (default -30)'],
  watermarkOpacity: ['Watermark opacity', '0.01 to 1 (default 0.6)'],
  watermarkScale: ['Watermark size', "Mark height as a fraction of the picture's short edge (default 0.05)"],
  watermarkMargin: ['Watermark margin', 'Distance from the edges as a fraction of the short edge (default 0.03)'],
  watermarkMinSize: ['Watermark minimum size (px)', 'Pictures whose short edge is smaller get none (default 300)'],
  watermarkAnimated: ['Watermark animations', 'Off (default): animated GIF/WebP go up unmarked; on: every frame gets the mark (the animation is re-encoded)']
} as const

export type SettingName = keyof typeof EN

const ZH: Record<SettingName, readonly [string, string]> = {
  accessKeyId: ['AccessKey ID', '对存储空间有 oss:PutObject 权限的 RAM 用户 AccessKey ID'],
  accessKeySecret: ['AccessKey Secret', 'AccessKey Secret（保存在 PicGo 配置中，不会写入日志）'],
  stsToken: ['STS Token（可选）', '仅在使用 STS 临时凭证时填写'],
  bucket: ['存储空间（Bucket）', 'Bucket 名称，例如 my-images'],
  region: ['地域（Region）', '地域 ID，例如 oss-cn-hangzhou（也可写 cn-hangzhou）'],
  endpoint: ['上传 Endpoint（可选）', '留空即 https://<地域>.aliyuncs.com；也可填内网、传输加速或自定义地址，例如 https://oss-accelerate.aliyuncs.com'],
  cname: ['Endpoint 是绑定的自定义域名', '上面的 Endpoint 为已绑定到该 Bucket 的自定义域名时打开'],
  pathStyle: ['路径风格请求', '兼容 OSS 的服务只接受 /<bucket>/<key> 时打开（阿里云 OSS 模拟器、私有部署）；需填写 Endpoint'],
  signatureVersion: ['签名版本', '推荐 v4；v1 仅适用于仍允许 V1 签名的老账号'],
  path: ['存储路径', '对象名前缀，可用占位符，例如 img/ 或 img/{year}/{month}/；填 / 表示 Bucket 根目录'],
  fileName: ['文件命名', '命名模板：{hash}.{ext}（默认）、{name}-{hash:8}.{ext}、{year}{month}{day}-{uuid}.{ext} 等'],
  customUrl: ['自定义域名（可选）', '图片链接的域名，例如 https://img.example.com（CDN 或绑定域名）'],
  urlSuffix: ['网址后缀（可选）', '追加到每个链接后，例如 ?x-oss-process=style/w800'],
  compress: ['压缩图片', '上传前用 sharp 压缩（压缩不划算时保留原图）'],
  quality: ['压缩质量（1-100）', '有损压缩质量；80 时照片肉眼无差别，体积约为原来的五分之一'],
  convertTo: ['转换格式', 'keep = 保持原格式；webp/avif/jpeg/png 为转换（avif 耗时约为两倍，且只有比默认结果更小时才采用）'],
  formats: [
    '格式',
    'convertTo 为 keep 时：compatible（默认：只用 JPEG、PNG、GIF；像照片的 PNG 改存为更小的 JPEG）、modern（也用 AVIF 和 WebP：仅当读者的浏览器都能显示时选用）或 same（每张图保持原格式）'
  ],
  maxWidth: ['最大宽度（像素）', '超过此宽度时等比缩小；0 = 不缩放'],
  maxHeight: ['最大高度（像素）', '超过此高度时等比缩小；0 = 不缩放'],
  keepMetadata: ['保留 EXIF/GPS', '默认关闭：去除拍摄信息和地理位置；始终保留色彩配置文件'],
  svg: ['SVG 文件', 'sanitize（默认）去除脚本、事件属性和外部引用；keep 原样上传；refuse 拒绝上传 SVG'],
  dedupe: ['跳过已存在的图片', '已有相同对象则直接复用链接（超过 256 KB 先 HEAD；更小的图直接 PUT，绝不覆盖）'],
  cacheControl: ['Cache-Control（可选）', '哈希命名时默认 public, max-age=31536000, immutable'],
  acl: ['对象读写权限', '留空 = 继承 Bucket 的权限'],
  storageClass: ['存储类型', '留空 = 继承 Bucket 的存储类型。Archive、ColdArchive、DeepColdArchive 会被拒绝上传：这类对象解冻前无法读取，链接打不开图片'],
  signedUrlExpires: ['签名链接有效期（秒）', '0 = 公共链接；大于 0 = 返回私有 Bucket 的签名链接，在此秒数内有效'],
  timeout: ['超时（毫秒）', '每个请求的超时时间'],
  retries: ['重试次数', '网络错误和服务端错误时按退避间隔重试'],
  multipartThreshold: ['分片上传阈值（MB）', '大于此大小的文件分片并行上传'],
  deleteOnRemove: ['从相册删除时同步删除 OSS 文件', '默认关闭；仍被其他相册条目使用的对象会保留'],
  nonImages: ['非图片文件', 'refuse（默认，拒绝）或 upload（上传）：选 upload 会公开交给 PicGo 的任何文件，而 PicGo 的 server 接受你打开的任何网页发来的路径'],
  maxInputMB: ['迁移读取图片的上限（MB）', '大于此大小的本地文件和网络图片在读取前即被拒绝'],
  watermark: ['水印', 'off（默认）、text 文字或 image 图片；SVG、小图和保留原图的图片不加水印，动图仅在开启 watermarkAnimated 时加'],
  watermarkText: ['水印文字', '用内置字体绘制（支持中文），例如 © 我的博客'],
  watermarkImage: ['水印图片', '本地 PNG 或 SVG 文件路径，例如 /home/me/logo.png'],
  watermarkPosition: ['水印位置', '九个位置之一（默认 bottom-right 右下），或 tile 平铺整张图片'],
  watermarkAngle: ['平铺角度（度）', '平铺水印的旋转角度，-180 到 180（默认 -30）'],
  watermarkOpacity: ['水印不透明度', '0.01 到 1（默认 0.6）'],
  watermarkScale: ['水印大小', '水印高度占图片短边的比例（默认 0.05）'],
  watermarkMargin: ['水印边距', '距边缘的距离占短边的比例（默认 0.03）'],
  watermarkMinSize: ['水印最小尺寸（像素）', '短边小于此值的图片不加水印（默认 300）'],
  watermarkAnimated: ['动图加水印', '默认关闭：GIF/WebP 动图不加水印原样上传；开启后每一帧都加水印（动图会重新编码）']
}

const KEY_PREFIX = 'ALIYUN_OSS_PLUS_'
const keyOf = (name: SettingName, part: 'ALIAS' | 'MESSAGE'): string => `${KEY_PREFIX}${part}_${name}`

function locale(texts: Record<SettingName, readonly [string, string]>): Record<string, string> {
  const entries = Object.entries(texts) as Array<[SettingName, readonly [string, string]]>
  return Object.fromEntries(
    entries.flatMap(([name, [alias, message]]) => [
      [keyOf(name, 'ALIAS'), alias],
      [keyOf(name, 'MESSAGE'), message]
    ])
  )
}

/**
 * Adds our texts to PicGo's locales; zh-TW readers get the Simplified Chinese ones rather than English. picgo 1.4
 * (Typora's own PicGo-Core) has no i18n: there every text stays English.
 */
export function registerLocales(i18n: IPicGo['i18n'] | undefined): void {
  if (!i18n) return
  i18n.addLocale('en', locale(EN))
  i18n.addLocale('zh-CN', locale(ZH))
  i18n.addLocale('zh-TW', locale(ZH))
}

/** The label or hint in PicGo's current language, English when it has none. */
export function settingText(i18n: IPicGo['i18n'] | undefined, name: SettingName, part: 'alias' | 'message'): string {
  const key = keyOf(name, part === 'alias' ? 'ALIAS' : 'MESSAGE')
  const translated = i18n?.translate(key)
  return translated && translated !== key ? translated : EN[name][part === 'alias' ? 0 : 1]
}

const ADVANCED_GATE_TEXT = {
  en: (count: number) => `Change the other ${count} settings (endpoint, naming, compression …)? No keeps their current values or defaults`,
  zh: (count: number) => `修改其余 ${count} 项设置（Endpoint、命名、压缩等）吗？选 No 则保持当前值或默认值`
}

/** The CLI's question before the advanced settings, in PicGo's current language. */
export function advancedGateText(i18n: IPicGo['i18n'] | undefined, count: number): string {
  const zh = settingText(i18n, 'bucket', 'alias') === ZH.bucket[0]
  return (zh ? ADVANCED_GATE_TEXT.zh : ADVANCED_GATE_TEXT.en)(count)
}

// Mainland China since 2025-03-20: the buckets of new accounts refuse the default endpoint, so the form asks for the
// bound domain among the essentials (config-schema.ts). One text per surface, in both languages.
const MAINLAND_TEXT = {
  en: {
    boundDomain:
      'Custom domain bound to the bucket, e.g. https://img.example.com. Needed in mainland China for accounts opened since ' +
      '2025-03-20 (the default endpoint answers PublicEndpointForbidden): bind it in the OSS console (Bucket > Domain Names, ICP filing ' +
      'required); it becomes "endpoint" (with "cname") and "customUrl". Empty: the default endpoint (older accounts)',
    endpoint:
      'In mainland China, accounts opened since 2025-03-20 must upload through a custom domain bound to the bucket ' +
      '(the default endpoint answers PublicEndpointForbidden): enter it here, e.g. https://img.example.com, and turn on the switch below. ' +
      'Empty: https://<region>.aliyuncs.com'
  },
  zh: {
    boundDomain:
      '绑定到该 Bucket 的自定义域名，例如 https://img.example.com。2025-03-20 之后开通 OSS 的账号在中国内地地域必须使用' +
      '（默认 Endpoint 会返回 PublicEndpointForbidden）：在 OSS 控制台（Bucket > 域名管理，需 ICP 备案）绑定后填在这里，' +
      '它会成为 "endpoint"（并打开 "cname"）和 "customUrl"。留空：使用默认 Endpoint（较早开通的账号）',
    endpoint:
      '中国内地地域：2025-03-20 之后开通的账号必须通过绑定到该 Bucket 的自定义域名上传（默认 Endpoint 会返回 ' +
      'PublicEndpointForbidden）：在此填写，例如 https://img.example.com，并打开下面的开关。留空即 https://<地域>.aliyuncs.com'
  }
}

/** The bound-domain question (CLI) or the endpoint hint (GUI) for mainland regions, in PicGo's current language. */
export function mainlandText(i18n: IPicGo['i18n'] | undefined, part: 'boundDomain' | 'endpoint'): string {
  const zh = settingText(i18n, 'bucket', 'alias') === ZH.bucket[0]
  return (zh ? MAINLAND_TEXT.zh : MAINLAND_TEXT.en)[part]
}
