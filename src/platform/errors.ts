import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { isDomainError, type DomainError } from '../domain/errors.ts';

export interface LocalisedText {
  'zh-CN': string;
  en: string;
}

/**
 * The catalogue of error codes: status and the message in both locales. `{name}` placeholders are
 * filled from the error's params. A code, once published, keeps its meaning.
 */
export const errorCatalogue = {
  VALIDATION: { status: 400, 'zh-CN': '提交的内容有误，请检查标出的字段。', en: 'The request is invalid; check the marked fields.' },
  MALFORMED_JSON: { status: 400, 'zh-CN': '请求体不是有效的 JSON。', en: 'The request body is not valid JSON.' },
  PAYLOAD_TOO_LARGE: { status: 413, 'zh-CN': '请求内容过大。', en: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, 'zh-CN': '不支持的内容类型。', en: 'Unsupported content type.' },
  UNAUTHENTICATED: { status: 401, 'zh-CN': '请先登录。', en: 'Please log in.' },
  INVALID_CREDENTIALS: {
    status: 401,
    'zh-CN': '用户名或密码错误。连续多次输入错误后，账号会被暂时锁定（锁定期间密码正确也无法登录），请稍后再试或联系管理员。',
    en: 'Wrong user name or password. After several wrong attempts in a row the account is locked for a while (even the right password is refused then); try again later or ask your administrator.',
  },
  CURRENT_PASSWORD_WRONG: { status: 400, 'zh-CN': '当前密码不正确。', en: 'The current password is wrong.' },
  ACCOUNT_DISABLED: { status: 403, 'zh-CN': '账号已停用，请联系管理员。', en: 'The account is disabled; contact your administrator.' },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    'zh-CN': '请先修改初始密码。',
    en: 'Change your one-time password first.',
  },
  PASSWORD_TOO_WEAK: {
    status: 400,
    'zh-CN': '密码至少 10 位，且须同时包含字母和数字。',
    en: 'The password needs at least 10 characters with both letters and digits.',
  },
  PASSWORD_UNCHANGED: { status: 400, 'zh-CN': '新密码不能与当前密码相同。', en: 'The new password must differ from the current one.' },
  PASSWORD_TOO_COMMON: {
    status: 400,
    'zh-CN': '该密码过于常见或容易被猜到（如 password123、常用词加年份、键盘上连续的按键），请换一个不易猜到的密码。',
    en: 'The password is too common or easy to guess (like password123, a common word and a year, keys in a row); choose one that is harder to guess.',
  },
  PASSWORD_LIKE_USERNAME: { status: 400, 'zh-CN': '密码不能包含用户名。', en: 'The password must not contain the user name.' },
  ONE_TIME_PASSWORD_EXPIRED: {
    status: 401,
    'zh-CN': '一次性密码已过期（有效期 {hours} 小时），请联系管理员重新设置密码。',
    en: 'The one-time password has expired (it is valid for {hours} hours); ask your administrator to set a new one.',
  },
  MALFORMED_UNICODE: {
    status: 400,
    'zh-CN': '提交的内容含有无效的字符编码（不成对的 UTF-16 代理项），请检查标出的字段。',
    en: 'The request contains malformed text (a lone UTF-16 surrogate); check the marked fields.',
  },
  CSRF_INVALID: {
    status: 403,
    'zh-CN': '请求缺少有效的安全令牌，请刷新页面后重试。',
    en: 'The request lacks a valid security token; reload the page and try again.',
  },
  FORBIDDEN: { status: 403, 'zh-CN': '您没有执行此操作的权限。', en: 'You are not allowed to do this.' },
  NOT_FOUND: { status: 404, 'zh-CN': '未找到请求的内容。', en: 'Not found.' },
  ROUTE_NOT_FOUND: { status: 404, 'zh-CN': '接口不存在。', en: 'No such endpoint.' },
  CONFLICT: { status: 409, 'zh-CN': '数据已被修改或存在冲突。', en: 'The data conflicts with the current state.' },
  USERNAME_TAKEN: { status: 409, 'zh-CN': '用户名“{username}”已被使用。', en: 'The user name "{username}" is taken.' },
  CREDIT_CODE_TAKEN: {
    status: 409,
    'zh-CN': '统一社会信用代码 {creditCode} 已被其他组织使用。',
    en: 'The unified social credit code {creditCode} belongs to another organisation.',
  },
  CHILD_KIND_NOT_ALLOWED: {
    status: 400,
    'zh-CN': '“{parentKind}”下不能创建“{kind}”。',
    en: 'A "{kind}" cannot be created under a "{parentKind}".',
  },
  ROLE_NOT_ALLOWED: {
    status: 400,
    'zh-CN': '角色“{role}”不适用于此类组织。',
    en: 'The role "{role}" does not fit this kind of organisation.',
  },
  CANNOT_CHANGE_SELF: {
    status: 400,
    'zh-CN': '不能停用自己或修改自己的角色。',
    en: 'You cannot disable yourself or change your own roles.',
  },
  RATE_LIMITED: { status: 429, 'zh-CN': '请求过于频繁，请稍后再试。', en: 'Too many requests; try again later.' },
  PUBLIC_LOOKUP_LIMITED: {
    status: 429,
    'zh-CN': '对该持证人的查询次数已达每日上限（{limit} 次），请约 {hours} 小时后再试，或扫描证书上的二维码查验。',
    en: 'This holder has been looked up the most times allowed a day ({limit}); try again in about {hours} hours, or scan the QR code on the certificate.',
  },
  CALENDAR_MISSING: {
    status: 422,
    'zh-CN': '系统尚未保存{year}年的节假日安排，无法计算该年的工作日。请系统管理员在「节假日日历」页面导入国务院办公厅关于{year}年部分节假日安排的通知。',
    en: "No holiday arrangement is held for {year}, so its working days cannot be counted. A system administrator loads the State Council General Office's notice for {year} on the 「节假日日历」 (Holiday calendars) page.",
  },
  HOLIDAY_NOTICE_INVALID: {
    status: 422,
    'zh-CN': '通知文本有 {count} 处无法识别或与日期不符，未保存任何日期。请按行核对后重新提交。',
    en: 'The text of the notice has {count} problems (unreadable, or not matching the dates); nothing was saved. Check the lines named and submit it again.',
  },
  FILE_MISSING: {
    status: 400,
    'zh-CN': '请以 multipart/form-data 上传一个文件（字段名 file）。',
    en: 'Upload one file as multipart/form-data (field name "file").',
  },
  FILE_EMPTY: { status: 400, 'zh-CN': '上传的文件是空的。', en: 'The uploaded file is empty.' },
  FILE_TOO_MANY: { status: 400, 'zh-CN': '一次只能上传一个文件。', en: 'Upload one file at a time.' },
  MULTIPART_INVALID: {
    status: 400,
    'zh-CN': '上传的内容不是有效的 multipart/form-data。',
    en: 'The upload is not valid multipart/form-data.',
  },
  FILE_TYPE_NOT_ALLOWED: {
    status: 415,
    'zh-CN': '只接受 {allowedZh} 格式的文件；文件内容不属于这些格式（按文件内容判断，而非扩展名）。',
    en: 'Only {allowed} files are accepted; the content is none of these (judged by the content, not the name).',
  },
  FILE_TOO_LARGE: {
    status: 413,
    'zh-CN': '文件超过大小上限 {limit}。',
    en: 'The file exceeds the size limit of {limit}.',
  },
  FILE_UNREADABLE: {
    status: 500,
    'zh-CN': '文件内容缺失或已损坏，请联系管理员。',
    en: 'The stored file is missing or damaged; contact your administrator.',
  },
  AUDIT_CHAIN_BROKEN: {
    status: 409,
    'zh-CN': '审计链已被破坏，不能为其生成检查点；请先校验审计链查明原因。',
    en: 'The audit chain is broken: no checkpoint is made of it; verify the chain to find out why.',
  },
  AUDIT_CHAIN_NOT_KEYED: {
    status: 409,
    'zh-CN': '审计链尚未启用密钥保护（服务启动时自动完成），暂不能生成检查点。',
    en: 'The audit chain is not keyed yet (the server does it when it starts): no checkpoint can be made yet.',
  },
  AUDIT_CHECKPOINT_INVALID: {
    status: 400,
    'zh-CN': '检查点文件无法读取：{reasonZh}',
    en: 'The checkpoint file cannot be read: {reasonEn}',
  },
  // Workbook imports (src/platform/xlsx): each limit named with its value, checked before or while reading.
  IMPORT_UNCOMPRESSED_TOO_LARGE: {
    status: 413,
    'zh-CN': '该工作簿解压后有 {size}，超过导入上限 {limit}，未保存、未导入任何内容。请删除多余的工作表、图片或空行，或分成几个文件导入。',
    en: 'The workbook unpacks to {size}, over the import limit of {limit}; nothing was stored or imported. Remove extra sheets, pictures or empty rows, or split it into several files.',
  },
  IMPORT_TOO_MANY_PARTS: {
    status: 413,
    'zh-CN': '该工作簿由 {count} 个部件组成，超过导入上限 {limit} 个，未保存、未导入任何内容。请删除多余的工作表或图片后重新导入。',
    en: 'The workbook is made of {count} parts, over the import limit of {limit}; nothing was stored or imported. Remove extra sheets or pictures and import it again.',
  },
  IMPORT_TOO_MANY_ROWS: {
    status: 422,
    'zh-CN': '工作表的数据超过每个文件 {limit} 行的上限（读到第 {row} 行时停止），未导入任何数据。请分成几个文件导入。',
    en: 'The sheet holds more than the limit of {limit} rows of data a file (reading stopped at row {row}); nothing was imported. Split it into several files.',
  },
  IMPORT_CELL_TOO_LONG: {
    status: 422,
    'zh-CN': '第 {row} 行 {column} 列的单元格有 {length} 个字符，超过每个单元格 {limit} 个字符的上限，未导入任何数据。',
    en: 'The cell in row {row}, column {column} holds {length} characters, over the limit of {limit} characters a cell; nothing was imported.',
  },
  IMPORT_WORKBOOK_INVALID: {
    status: 422,
    'zh-CN': '无法读取文件：不是有效的 Excel 工作簿（.xlsx）。{reasonZh}',
    en: 'The file cannot be read: it is not a valid Excel workbook (.xlsx). {reasonEn}',
  },
  IMPORT_MEMORY_EXCEEDED: {
    status: 422,
    'zh-CN': '读取该工作簿所需的内存超过 {limit} 的上限，已停止读取（系统其他功能不受影响），未导入任何数据。请检查文件内容，或分成几个文件导入。',
    en: 'Reading the workbook needs more than the limit of {limit} of memory; reading was stopped (nothing else in the system is affected) and nothing was imported. Check the file, or split it into several files.',
  },
  JOB_NOT_RETRYABLE: {
    status: 409,
    'zh-CN': '只有失败的任务可以重试（当前状态：{status}）。',
    en: 'Only a failed job can be retried (its status is {status}).',
  },
  JOB_KIND_UNKNOWN: {
    status: 500,
    'zh-CN': '系统不认识任务类型“{kind}”。',
    en: 'The job kind "{kind}" is not known to the system.',
  },
  JOB_ABANDONED: {
    status: 500,
    'zh-CN': '任务运行时所在的服务进程意外中止，已尝试 {attempts} 次；可以重试。',
    en: 'The process running the job stopped unexpectedly after {attempts} attempts; it can be retried.',
  },
  JOB_FAILED: {
    status: 500,
    'zh-CN': '任务执行失败，可以重试；如仍失败请联系管理员。',
    en: 'The job failed; retry it, and contact your administrator if it fails again.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 409,
    'zh-CN': '该幂等键已用于内容不同的另一请求。',
    en: 'The idempotency key was already used for a different request.',
  },
  PERSONAL_DATA_UNREADABLE: {
    status: 500,
    'zh-CN': '个人信息无法解密：数据已被篡改或密钥不符，请联系管理员。',
    en: 'Personal data cannot be decrypted: it was altered or the key does not match; contact your administrator.',
  },
  PILOT_DEPARTMENT_ONLY: {
    status: 403,
    'zh-CN': '只有主管部门（省级人社部门、国务院有关部门、中央企业人力资源部门等）可以申报试点。',
    en: 'Only a supervising department (provincial department, State Council department, central enterprise HR body) files pilot applications.',
  },
  PILOT_APPLICATION_EXISTS: {
    status: 409,
    'zh-CN': '本部门 {year} 年度的试点申请已存在，请在原申请中修改。',
    en: 'Your department already has a pilot application for {year}; edit that one.',
  },
  PILOT_DEADLINE_PASSED: {
    status: 422,
    'zh-CN': '{year} 年度试点申请的报送截止日期（{deadline}）已过，不能再提交。如有特殊情况，请联系人力资源社会保障部。',
    en: 'The deadline for {year} pilot applications ({deadline}) has passed; it can no longer be submitted. Contact the ministry in special cases.',
  },
  PILOT_APPLICATION_INVALID: {
    status: 422,
    'zh-CN': '试点申请不完整或所选企业不符合条件，请检查标出的内容。',
    en: 'The pilot application is incomplete or names enterprises that do not qualify; check the marked items.',
  },
  CATALOGUE_FILE_UNREADABLE: {
    status: 400,
    'zh-CN': '无法读取导入文件：{reason}',
    en: 'The import file cannot be read: {reason}',
  },
  CATALOGUE_IMPORT_INVALID: {
    status: 422,
    'zh-CN': '导入文件中有 {count} 处错误，未导入任何数据。请按错误清单修改后重新导入。',
    en: 'The import file has {count} errors; nothing was imported. Correct them and import again.',
  },
  PLAN_NOT_PILOT: {
    status: 422,
    'zh-CN': '本地区 {year} 年度采用向人力资源社会保障部报送试点申请的模式，该企业不是该年度的试点企业（尚无已备案的试点申请包含该企业或其所属集团），不能制定工作方案。',
    en: 'In {year} the jurisdiction requires a pilot application filed with the ministry, and the enterprise is not a pilot enterprise of that year (no accepted pilot application names it or its group), so it cannot draw up a work plan.',
  },
  PLAN_ENTERPRISE_NOT_FILED: {
    status: 422,
    'zh-CN': '该企业（及其所属集团）未在省级及以上人社部门进行职业技能等级认定备案，不能开展特级技师评聘（通知第二部分第（一）项）。请先在“组织机构”中登记备案信息。',
    en: 'Neither the enterprise nor its group is filed for skill level recognition with a department at provincial level or above, so it cannot evaluate (section 二(一)). Record the filing under Organisations first.',
  },
  PLAN_FILING_NOT_ACCEPTED: {
    status: 422,
    'zh-CN': '本地区 {year} 年度要求工作方案报主管（省级）部门备案并经接受后方可组织评审；工作方案最新版本（第 {version} 版）尚未被接受。',
    en: 'In {year} the jurisdiction requires the plan to be filed with and accepted by the supervising (provincial) department before the review; the latest version ({version}) is not accepted yet.',
  },
  PLAN_FILING_NOT_PENDING: {
    status: 409,
    'zh-CN': '该工作方案没有待本部门办理的报送备案。',
    en: 'The plan has no filing awaiting your department’s answer.',
  },
  PILOT_FILING_NOT_REQUIRED: {
    status: 422,
    'zh-CN': '本地区 {year} 年度的评聘模式为“{model}”，无需向人力资源社会保障部报送试点申请。',
    en: 'In {year} the jurisdiction’s model is “{modelEn}”: no pilot application is filed with the ministry.',
  },
  JURISDICTION_NOT_SETTABLE: {
    status: 403,
    'zh-CN': '只有人力资源社会保障部（全国）和省级人社部门（本地区）可以设置评聘工作模式与评审委员会限制。',
    en: 'Only the ministry (nationally) and provincial departments (for their area) set the evaluation model and committee limits.',
  },
  PLAN_EXISTS: {
    status: 409,
    'zh-CN': '该企业 {year} 年度的此类工作方案已存在，请在原方案中修改。',
    en: 'The enterprise already has a work plan of this kind for {year}; edit that one.',
  },
  PLAN_INVALID: {
    status: 422,
    'zh-CN': '工作方案有 {count} 处不完整或不一致，未发布。请按提示修改。',
    en: 'The work plan has {count} missing or inconsistent items and was not published. Correct them as marked.',
  },
  PLAN_UNCHANGED: {
    status: 409,
    'zh-CN': '工作方案与当前已发布的第 {version} 版相同，无需发布新版本。',
    en: 'The work plan is the same as the published version {version}; there is nothing to publish.',
  },
  PLAN_NOT_PUBLISHED: {
    status: 409,
    'zh-CN': '只有已发布的工作方案才能报送主管部门备案。',
    en: 'Only a published work plan can be filed with the supervising department.',
  },
  PLAN_ALREADY_FILED: {
    status: 409,
    'zh-CN': '工作方案第 {version} 版已报送主管部门备案。',
    en: 'Version {version} of the work plan is already filed with the supervising department.',
  },
  PLAN_CLOSED: {
    status: 409,
    'zh-CN': '工作方案已关闭，不能再修改。',
    en: 'The work plan is closed and can no longer be changed.',
  },
  CERTIFICATE_INSTITUTION_MISSING: {
    status: 422,
    'zh-CN': '“{enterprise}”尚未设置证书编码所需的机构信息（机构类别、机构代码、省份代码、机构（站点）序列码），不能发证。请先在“组织机构”中填写。',
    en: '"{enterprise}" has no certificate code settings (institution category, institution code, province code, site sequence); certificates cannot be issued. Fill them in under Organisations first.',
  },
  CERTIFICATE_SERIAL_EXHAUSTED: {
    status: 422,
    'zh-CN': '机构（站点）{site} 在 {year} 年的特级技师证书序号已用完（000001–999999），不能再发证。请联系省级人社部门分配新的机构（站点）序列码。',
    en: 'The certificate serials of site {site} for {year} are used up (000001–999999); no more certificates can be issued. Ask the provincial department for a new site sequence.',
  },
  CERTIFICATE_ISSUE_INVALID: {
    status: 422,
    'zh-CN': '发证名单有 {count} 处错误，未发放任何证书。请按提示修改后重新发证。',
    en: 'The list has {count} errors; no certificate was issued. Correct them as marked and issue again.',
  },
  CERTIFICATE_APPLICATION_CERTIFIED: {
    status: 409,
    'zh-CN': '该申报已发证，不能重复发证。',
    en: 'A certificate was already issued for this application; it cannot be issued twice.',
  },
  RE_REVIEW_PLAN_REQUIRED: {
    status: 409,
    'zh-CN': '复核确认只能在“复核确认”类工作方案下进行，请选择复核确认工作方案。',
    en: 'Re-review and confirmation happens under a re-review plan: choose one.',
  },
  RE_REVIEW_ALREADY_DECIDED: {
    status: 409,
    'zh-CN': '此人已有复核确认结论，请先撤回决定再核验。',
    en: 'This holder has already been decided: reconsider the decision before checking again.',
  },
  RE_REVIEW_PLAN_CLOSED: {
    status: 409,
    'zh-CN': '该复核确认工作方案已结束，不能再导入人员。',
    en: 'The re-review plan is closed: no more holders can be imported.',
  },
  RE_REVIEW_NOTICE_NO_HOLDERS: {
    status: 422,
    'zh-CN': '该复核确认工作方案没有待公示的人员：公示的是复核确认通过、尚未公示的人员。',
    en: 'The re-review plan has nobody to publish: a notice publishes the confirmed holders not yet on a notice.',
  },
  RE_REVIEW_NOTICE_START_IN_PAST: {
    status: 422,
    'zh-CN': '公示开始日期（{start}）不能早于今天（{today}）：公示须让职工在公示期内看到。',
    en: 'The notice cannot start ({start}) before today ({today}): people must be able to see it while it runs.',
  },
  RE_REVIEW_NOTICE_ENDED: {
    status: 409,
    'zh-CN': '该公示已于{end}期满，不能撤销。',
    en: 'The notice ended on {end} and can no longer be cancelled.',
  },
  RE_REVIEW_NOTICE_REQUIRED: {
    status: 409,
    'zh-CN': '复核确认名单须经公示（不少于5个工作日）期满后方可发证：{names}尚未公示期满。',
    en: 'A re-review\'s confirmed list is publicly noticed (at least 5 working days) before certificates are issued; not yet noticed to the end: {names}.',
  },
  RE_REVIEW_NOTHING_CONFIRMED: {
    status: 409,
    'zh-CN': '该复核确认工作方案没有复核确认通过、待发证的人员。',
    en: 'The re-review plan has no confirmed holder waiting for a certificate.',
  },
  CERTIFICATE_NOTHING_CONFIRMED: {
    status: 409,
    'zh-CN': '该工作方案没有待发证的已核准申报：公示尚未核准，或已全部发证。',
    en: 'The plan has no confirmed application waiting for a certificate: the notice is not confirmed yet, or all are certified.',
  },
  CERTIFICATE_CODE_INVALID: {
    status: 400,
    'zh-CN': '证书编号格式不正确，请核对后重新输入。',
    en: 'The certificate code is malformed; check it and try again.',
  },
  CERTIFICATE_REVOKED: {
    status: 409,
    'zh-CN': '证书已于 {revokedOn} 撤销，不能再修改。',
    en: 'The certificate was revoked on {revokedOn}; it can no longer be changed.',
  },
  SIGNING_PKCS12_INVALID: {
    status: 400,
    'zh-CN': '签名证书文件不能使用，请查看标出的原因。',
    en: 'The signing certificate file cannot be used; see the reason given.',
  },
  PUBLIC_BASE_URL_REQUIRED: {
    status: 422,
    'zh-CN': '不能发证：证书二维码中的查验地址须是公众可访问的地址，而系统的 PUBLIC_BASE_URL 未设置或指向本机（{url}）。请由系统管理员将 PUBLIC_BASE_URL 设置为用户访问本系统的地址（如 https://ptech.example.cn）后重启服务。',
    en: 'Certificates cannot be issued: the verification address in their QR code must be one the public can reach, and the setting PUBLIC_BASE_URL is unset or points to this machine ({url}). Ask the system administrator to set PUBLIC_BASE_URL to the address users reach (e.g. https://ptech.example.cn) and restart.',
  },
  VERIFY_UPLOAD_NOT_PDF: {
    status: 400,
    'zh-CN': '上传的文件不是 PDF 文件。请上传本系统出具的证书或聘任协议 PDF 原件（不超过 {maxMb} MB）。',
    en: 'The uploaded file is not a PDF. Upload the certificate or agreement PDF as this system issued it (at most {maxMb} MB).',
  },
  CERTIFICATE_FONT_INVALID: {
    status: 400,
    'zh-CN': '字体文件不能使用：须为 TrueType（.ttf）或 OpenType（.otf）字体，并包含简体中文字形。',
    en: 'The font cannot be used: it must be a TrueType (.ttf) or OpenType (.otf) font with Simplified Chinese glyphs.',
  },
  CHARACTERS_NOT_PRINTABLE: {
    status: 422,
    'zh-CN': '字体中没有以下字符，打印会成为空框，未予办理：{characters}。请上传含有这些字符的字体，或请系统管理员配置生僻字备用字体（CERTIFICATE_FALLBACK_FONTS）后重试。',
    en: 'The font has no glyph for {charactersEn}, which would print as an empty box; nothing was done. Upload a font that has them, or ask the administrator to configure a fallback font for rare characters (CERTIFICATE_FALLBACK_FONTS), and try again.',
  },
  HOLDER_FILE_UNREADABLE: {
    status: 400,
    'zh-CN': '无法读取发证名单文件：{reason}',
    en: 'The holder list cannot be read: {reason}',
  },
  NATIONAL_UPLOAD_NOTHING_TO_SEND: {
    status: 409,
    'zh-CN': '没有待上报的证书：所选证书均已上报或正在上报中。',
    en: 'There is nothing to upload: the certificates chosen are reported or in an upload already.',
  },
  NATIONAL_UPLOAD_MAPPING_INVALID: {
    status: 422,
    'zh-CN': '上报字段映射有 {count} 处错误，未保存。',
    en: 'The upload field mapping has {count} errors and was not saved.',
  },
  NATIONAL_UPLOAD_NOT_MANUAL: {
    status: 409,
    'zh-CN': '该批次已通过接口报送，结果以接口返回为准，不能手工标记。失败的证书可重新上报。',
    en: 'This batch was sent to the endpoint, whose answer decides the results; it cannot be marked by hand. Failed certificates can be sent again.',
  },
  EMPLOYEE_ALREADY_LINKED: {
    status: 409,
    'zh-CN': '职工“{name}”已关联账号。',
    en: 'The employee "{name}" already has an account.',
  },
  APPLICATION_EXISTS: {
    status: 409,
    'zh-CN': '该申报人在本工作方案中已有申报（每人每个方案限一份），请在原申报中修改。',
    en: 'This person already has an application under this plan (one per person per plan); edit that one.',
  },
  APPLICATION_PLAN_NOT_OPEN: {
    status: 409,
    'zh-CN': '该工作方案未发布或已关闭，不能申报。',
    en: 'The work plan is not published or is closed; no application can be made under it.',
  },
  APPLICATION_WINDOW_CLOSED: {
    status: 422,
    'zh-CN': '不在工作方案规定的申报时间内（{from} 至 {to}），不能提交申报。',
    en: 'Outside the application window of the plan ({from} to {to}); the application cannot be submitted.',
  },
  APPLICANT_BANNED: {
    status: 422,
    'zh-CN': '{name}因弄虚作假处于禁入期（{from} 至 {until}；依据：{basis}），不得申报或参加特级技师评审（人社厅发〔2021〕66号第六条第四项）。',
    en: '{name} is barred for falsified material from {from} until {until} (basis: {basis}) and may not apply or take part in the review (section 六(四) of the notice).',
  },
  UNIT_BANNED: {
    status: 422,
    'zh-CN': '申报单位因弄虚作假被取消参评资格，禁止期自 {from} 至 {until}，本单位的申报不能提交。',
    en: 'The enterprise is barred for falsified material from {from} until {until}; its applications cannot be submitted.',
  },
  EVALUATION_SUSPENDED: {
    status: 422,
    'zh-CN': '{name}的特级技师评审已由{decidedBy}暂停（{from} 至 {until}），暂停期间不能{act}。认定事实：{findings}',
    en: 'The evaluation of {name} is suspended by {decidedBy} from {from} until {until}; while suspended, {actEn} is not possible. Findings: {findings}',
  },
  FRAUD_NOT_AT_THIS_STEP: {
    status: 403,
    'zh-CN': '该申报当前为“{status}”，{finder}不能在此环节认定弄虚作假；此环节可由{finders}认定。',
    en: 'The application is "{statusEn}": {finderEn} cannot find fraud at this step; {findersEn} can.',
  },
  APPLICATION_INCOMPLETE: {
    status: 422,
    'zh-CN': '申报材料有 {count} 处不完整，未提交。请按提示补充后再提交。',
    en: 'The application has {count} missing items and was not submitted. Complete them and submit again.',
  },
  APPLICATION_NOT_EDITABLE: {
    status: 409,
    'zh-CN': '申报当前状态为“{status}”，不能修改。',
    en: 'The application is "{status}" and can no longer be edited.',
  },
  SCREENING_INCOMPLETE: {
    status: 422,
    'zh-CN': '尚有 {count} 项基本条件未逐项审核：{names}。',
    en: '{count} basic conditions are not reviewed yet: {namesEn}.',
  },
  FACT_NOT_OVERRIDABLE: {
    status: 422,
    'zh-CN': '“{name}”是依据登记事实判断的条件，不能改判。如登记的事实有误，请以证明材料更正事实，系统将重新判断。',
    en: '"{nameEn}" is decided by the facts recorded; it cannot be overridden. Where a fact is wrong, correct it with evidence and the rules run again.',
  },
  CONDITION_TO_BE_DECIDED: {
    status: 422,
    'zh-CN': '“{name}”须由人力资源部门认定（符合或不符合）并写明理由，不能仅作确认。',
    en: '"{nameEn}" is for HR to decide (met or not met) with a reason; there is no result of the rules to confirm.',
  },
  DECISION_MET_REQUIRED: {
    status: 422,
    'zh-CN': '请选择认定结果：符合或不符合。',
    en: 'Choose the decision: met or not met.',
  },
  FACT_CORRECTION_UNCHANGED: {
    status: 422,
    'zh-CN': '更正后的事实与原登记一致，无需更正。',
    en: 'The corrected facts are the same as those recorded; nothing to correct.',
  },
  SCREENING_CONDITIONS_NOT_MET: {
    status: 422,
    'zh-CN': '以下条件经审核不符合：{names}。不能认定为符合条件；请退回修改或作不符合条件处理。',
    en: 'These conditions are not met after review: {namesEn}. The application cannot be found eligible; return it or find it ineligible.',
  },
  NOTICE_NO_CANDIDATES: {
    status: 422,
    'zh-CN': '该工作方案没有处于“拟推荐”状态的人选，不能启动公示。请先完成评审并由评审委员会形成推荐名单。',
    en: 'The plan has no recommended candidate; finish the review and its recommended list before starting the notice.',
  },
  NOTICE_NOT_STARTED: {
    status: 422,
    'zh-CN': '公示期自 {start} 开始，尚未开始，暂不受理异议。',
    en: 'The notice starts on {start}; objections are received from that day.',
  },
  NOTICE_OBJECTION_PERIOD_OVER: {
    status: 422,
    'zh-CN': '公示期已于 {end} 结束，不再受理异议。',
    en: 'The notice ended on {end}; objections are no longer received.',
  },
  NOTICE_NOT_ENDED: {
    status: 422,
    'zh-CN': '公示期至 {end} 结束，公示期满后方可核准名单。',
    en: 'The notice runs until {end}; the list can be confirmed only after it has ended.',
  },
  NOTICE_OBJECTIONS_OPEN: {
    status: 422,
    'zh-CN': '尚有 {count} 件异议未办结，须全部调查核实并作出结论后方可核准名单。',
    en: '{count} objections are still open; every objection needs a finding before the list can be confirmed.',
  },
  NOTICE_CLOSED: {
    status: 409,
    'zh-CN': '该公示已核准或已撤销，不能再变更。',
    en: 'This notice has been confirmed or cancelled and can no longer change.',
  },
  NOTICE_START_IN_PAST: {
    status: 422,
    'zh-CN': '公示开始日期 {start} 早于今天（{today}）。公示须让职工看得到，只能从今天或以后开始。',
    en: 'The notice would start on {start}, before today ({today}). A notice must be seen: it starts today or later.',
  },
  NOTICE_ENDED: {
    status: 409,
    'zh-CN': '公示期已于 {end} 届满，不能撤销；请核准名单，或对个别人选按弄虚作假取消其评审资格。',
    en: 'The notice ran its full period (until {end}) and cannot be cancelled; confirm the list, or disqualify a candidate for fraud.',
  },
  NOTICE_PUBLIC_LINK_OFF: {
    status: 404,
    'zh-CN': '该公示未对外公开或链接已关闭。',
    en: 'This notice is not published on a public link, or the link was turned off.',
  },
  OBJECTION_DECIDED: {
    status: 409,
    'zh-CN': '该异议已作出结论（{finding}），不能再变更。',
    en: 'This objection already has a finding ({finding}) and can no longer change.',
  },
  OBJECTION_CANDIDATE_WITHDRAWN: {
    status: 422,
    'zh-CN': '该人选已撤销推荐，不再受理针对其的异议。',
    en: 'This candidate has been withdrawn; no objection against them is received.',
  },
  HANDOVER_PENDING: {
    status: 409,
    'zh-CN': '尚有 {count} 份申报待审核，请全部审核后再移交考评机构。',
    en: '{count} applications still await screening; screen them all before handing the list over.',
  },
  HANDOVER_EMPTY: {
    status: 422,
    'zh-CN': '没有符合条件的申报，无可移交。',
    en: 'No application is eligible; there is nothing to hand over.',
  },
  APPOINTMENT_EXISTS: {
    status: 409,
    'zh-CN': '该持证人已有未结束的聘任（{status}），请续聘或先办理退出。',
    en: 'The holder already has an appointment that has not ended ({status}); renew it or end it first.',
  },
  ASSESSMENT_EXISTS: {
    status: 409,
    'zh-CN': '该聘期 {year} 年的此类考核已记录。',
    en: 'This assessment of the term for {year} is already recorded.',
  },
  INTERNAL: { status: 500, 'zh-CN': '服务器内部错误，请稍后再试。', en: 'Internal server error; try again later.' },
  UNAVAILABLE: { status: 503, 'zh-CN': '服务暂时不可用。', en: 'The service is temporarily unavailable.' },
  REVIEW_CLOSED: {
    status: 409,
    'zh-CN': '该评审已结束，结果不可更改；如需重新评审，请开启新一轮评审。',
    en: 'The review is closed and cannot change; open a new review round instead.',
  },
  REVIEW_WRONG_STAGE: {
    status: 409,
    'zh-CN': '评审当前处于“{stage}”阶段，不能{act}。',
    en: 'The review is at the “{stageEn}” stage; you cannot {actEn} now.',
  },
  REVIEW_NOT_COMMISSIONED: {
    status: 422,
    'zh-CN': '工作方案未指定考评机构，或尚未发布，不能委托评审。',
    en: 'The plan names no evaluation body or is not published; it cannot be commissioned.',
  },
  REVIEW_NO_CANDIDATES: {
    status: 422,
    'zh-CN': '该职业（工种）组没有资格审核通过、待评审的申报人，不能开始评审。',
    en: 'The occupation group has no eligible applicant awaiting review.',
  },
  REVIEW_CONFLICTED: {
    status: 403,
    'zh-CN': '您与该申报人存在利害关系，已回避，不能查看或评分。',
    en: 'You have a conflict of interest with this applicant and recused; you cannot see or score them.',
  },
  REVIEW_SCORING_INCOMPLETE: {
    status: 422,
    'zh-CN': '尚有 {count} 份评分未提交（出席且无需回避的专家须对每位申报人评分），暂不能结束评分。',
    en: '{count} score sheets are missing (every present, non-recused expert scores every applicant); scoring cannot close yet.',
  },
  REVIEW_VOTING_INCOMPLETE: {
    status: 422,
    'zh-CN': '尚有 {count} 张选票未投（出席且无需回避的专家须对每位申报人投票），暂不能结束评审。',
    en: '{count} ballots are missing (every present, non-recused expert votes on every applicant); the review cannot close yet.',
  },
  REVIEW_NOT_PASSED: {
    status: 422,
    'zh-CN': '{names} 未达到出席人数或同意票比例要求，不能列入建议人选名单。',
    en: '{names} did not meet the quorum or the vote threshold and cannot be recommended.',
  },
  REVIEW_QUOTA_EXCEEDED: {
    status: 422,
    'zh-CN': '{occupation} 连同此前各轮已推荐的人选共 {count} 人，超出结构比例上限 {cap} 人 {excess} 人，请减少 {excess} 人。',
    en: '{occupation}: {count} with those recommended in earlier rounds, {excess} over the quota of {cap}; remove {excess}.',
  },
} as const satisfies Record<string, { status: number } & LocalisedText>;

export type ErrorCode = keyof typeof errorCatalogue;

export interface FieldError {
  path: string;
  code: string;
  messages: LocalisedText;
  /** For an error in a text: its 1-based line and that line as written. */
  line?: number;
  lineText?: string;
}

function fill(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The one error type of the application: a stable code, its status and bilingual messages. */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly messages: LocalisedText;
  readonly params: Record<string, unknown>;
  readonly errors?: FieldError[];

  constructor(
    code: ErrorCode,
    params: Record<string, unknown> = {},
    options: { errors?: FieldError[]; messages?: LocalisedText; status?: number } = {},
  ) {
    const entry = errorCatalogue[code];
    const messages = options.messages ?? { 'zh-CN': fill(entry['zh-CN'], params), en: fill(entry.en, params) };
    super(messages.en);
    this.code = code;
    this.status = options.status ?? entry.status;
    this.messages = messages;
    this.params = params;
    this.errors = options.errors;
  }

  /** For rule errors raised elsewhere (the domain layer) with their own code and messages. */
  static withMessages(code: string, status: number, messages: LocalisedText, params: Record<string, unknown> = {}, errors?: FieldError[]) {
    const error = new AppError('VALIDATION', params, { messages, status, errors });
    (error as { code: string }).code = code;
    return error;
  }
}

export function validationError(errors: FieldError[]): AppError {
  return new AppError('VALIDATION', {}, { errors });
}

/** A field error with bilingual messages. */
export function fieldError(path: string, code: string, zh: string, en: string): FieldError {
  return { path, code, messages: { 'zh-CN': zh, en } };
}

const zodMessages: Record<string, LocalisedText> = {
  invalid_type: { 'zh-CN': '类型不正确或缺少此项', en: 'Wrong type or missing' },
  too_small: { 'zh-CN': '内容过短或数值过小', en: 'Too short or too small' },
  too_big: { 'zh-CN': '内容过长或数值过大', en: 'Too long or too large' },
  invalid_format: { 'zh-CN': '格式不正确', en: 'Wrong format' },
  invalid_value: { 'zh-CN': '取值不在允许范围内', en: 'Value not allowed' },
  unrecognized_keys: { 'zh-CN': '包含不允许的字段', en: 'Unknown fields' },
  custom: { 'zh-CN': '内容不正确', en: 'Invalid value' },
};

export function fromZodError(error: ZodError, prefix?: string): AppError {
  const errors = error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    const base = zodMessages[issue.code] ?? zodMessages.custom;
    const custom = (issue as { params?: { messages?: LocalisedText } }).params?.messages;
    const messages = custom ?? { 'zh-CN': base['zh-CN'], en: `${base.en}: ${issue.message}` };
    return { path, code: issue.code, messages };
  });
  return validationError(errors);
}

/** HTTP status of the domain's rule errors: a refused rule is 422, a bad value 400, a wrong state 409. */
const domainErrorStatus: Record<string, number> = {
  CALENDAR_MISSING: 422,
  NOTICE_TOO_SHORT: 422,
  INVALID_TRANSITION: 409,
};

export function fromDomainError(error: DomainError): AppError {
  const params = Object.fromEntries(
    Object.entries(error.params as Record<string, unknown>).filter(([, value]) => typeof value !== 'object'),
  );
  return AppError.withMessages(error.code, domainErrorStatus[error.code] ?? 400, error.messages, params);
}

export function preferredLocale(request: FastifyRequest): 'zh-CN' | 'en' {
  const header = String(request.headers['accept-language'] ?? '');
  return /^en\b/i.test(header.trim()) ? 'en' : 'zh-CN';
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  const locale = preferredLocale(request);
  const body: Record<string, unknown> = {
    type: `urn:ptech:error:${error.code}`,
    title: error.messages.en,
    status: error.status,
    code: error.code,
    detail: error.messages[locale],
    messages: error.messages,
  };
  if (error.errors?.length) body.errors = error.errors;
  for (const [key, value] of Object.entries(error.params)) {
    if (!(key in body) && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
      body[key] = value;
    }
  }
  return reply.status(error.status).type('application/problem+json; charset=utf-8').send(body);
}

/** Maps every error to problem+json; 5xx never leak internals. */
export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((raw: FastifyError | AppError | Error, request, reply) => {
    let error: AppError;
    if (raw instanceof AppError) {
      error = raw;
    } else if (isDomainError(raw)) {
      error = fromDomainError(raw);
    } else if (raw instanceof ZodError) {
      error = fromZodError(raw);
    } else if ((raw as FastifyError).validation) {
      const cause = (raw as FastifyError & { cause?: unknown }).cause;
      const context = (raw as FastifyError).validationContext;
      if (cause instanceof ZodError) {
        error = fromZodError(cause, context === 'body' ? undefined : context);
      } else {
        const issues = ((raw as FastifyError).validation ?? []).map((issue) => {
          const instancePath = String((issue as { instancePath?: string }).instancePath ?? '')
            .replace(/^\//, '')
            .replace(/\//g, '.');
          const path = [context && context !== 'body' ? context : '', instancePath].filter(Boolean).join('.');
          const keyword = (issue as { keyword?: string }).keyword ?? 'custom';
          const base = zodMessages[keyword] ?? zodMessages.custom;
          const custom = (issue.params as { params?: { messages?: LocalisedText } } | undefined)?.params?.messages;
          return { path, code: keyword, messages: custom ?? { 'zh-CN': base['zh-CN'], en: `${base.en}: ${issue.message}` } };
        });
        error = validationError(issues);
      }
    } else {
      const code = (raw as FastifyError).code;
      const statusCode = (raw as FastifyError).statusCode ?? 500;
      if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (raw instanceof SyntaxError && statusCode === 400)) {
        error = new AppError('MALFORMED_JSON');
      } else if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || statusCode === 413) {
        error = new AppError('PAYLOAD_TOO_LARGE');
      } else if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || statusCode === 415) {
        error = new AppError('UNSUPPORTED_MEDIA_TYPE');
      } else if (statusCode === 429) {
        error = new AppError('RATE_LIMITED');
      } else if (statusCode >= 400 && statusCode < 500) {
        error = new AppError('VALIDATION', {}, { status: statusCode, messages: { 'zh-CN': '请求无效。', en: raw.message } });
      } else {
        request.log.error({ err: raw }, 'unhandled error');
        error = new AppError('INTERNAL');
      }
    }
    return sendProblem(request, reply, error);
  });
}
