/**
 * Every text a user reads from `check`, in one catalogue keyed by a stable id: Chinese first,
 * English for `--lang en`. Templates with {name} placeholders; pure lookups, no I/O.
 */
export type Lang = 'zh' | 'en';

export type Arg = string | number | Message;

export interface Message {
  id: MessageId;
  args: Record<string, Arg>;
}

const CATALOGUE = {
  // yaml
  'yaml.syntax': ['YAML语法错误：{detail}', 'YAML syntax error: {detail}'],
  'yaml.duplicate-key': ['键“{key}”在同一层级重复出现；请删除或合并其中一个', 'key “{key}” appears twice at the same level; remove or merge one'],
  'yaml.tab': ['缩进中含有制表符（Tab）；YAML只能用空格缩进', 'a tab is used for indentation; YAML indents with spaces only'],
  'yaml.encoding': ['文件不是UTF-8编码（检测为{encoding}），已按{encoding}读取并检查；请在编辑器中另存为UTF-8', 'the file is not UTF-8 (looks like {encoding}); it was read as {encoding} and checked; save it as UTF-8'],
  'yaml.binary': ['文件不是文本（二进制或无法识别的编码），已跳过；请另存为UTF-8文本', 'the file is not text (binary or an unknown encoding) and was skipped; save it as UTF-8 text'],
  'yaml.too-large': ['文件过大（{size}），单个文件上限为{max}，已跳过；请按地区和年份拆分', 'the file is too large ({size}; the limit is {max}) and was skipped; split it by region and year'],
  'yaml.unreadable': ['无法读取文件（{detail}）', 'the file cannot be read ({detail})'],
  // operating-system reasons a file cannot be read
  'io.enoent': ['文件不存在，或是指向不存在文件的链接，{code}', 'the file does not exist, or is a link to a missing file, {code}'],
  'io.eacces': ['没有读取权限，{code}', 'no permission to read it, {code}'],
  'io.eperm': ['没有读取权限，{code}', 'no permission to read it, {code}'],
  'io.eloop': ['符号链接循环，{code}', 'a loop of symbolic links, {code}'],
  'io.eisdir': ['这是一个目录，{code}', 'it is a directory, {code}'],
  'io.emfile': ['同时打开的文件过多，{code}', 'too many open files, {code}'],
  'io.other': ['{code}', '{code}'],
  'folder.missing': ['数据目录“{dir}”不存在', 'the data folder “{dir}” does not exist'],
  'folder.not-a-folder': ['“{dir}”不是目录', '“{dir}” is not a folder'],
  // a data folder at a git revision (yearbook diff REV:PATH)
  'git.missing': ['找不到 git 程序，无法读取“{arg}”（写法“版本:目录”要用 git 读取）；请安装 git，或比较两个目录', 'git is not installed, so “{arg}” (a REVISION:FOLDER) cannot be read; install git, or compare two folders'],
  'git.not-a-repo': ['没有名为“{arg}”的目录；按“版本:目录”理解时，当前目录又不在 git 仓库中', 'there is no folder “{arg}”, and read as REVISION:FOLDER it needs a git repository, which the current folder is not in'],
  'git.bad-revision': ['git 仓库中没有版本“{rev}”（{arg}）；请写分支名、标签或提交号，如 main:data、origin/main:data、HEAD~1:data', 'the git repository has no revision “{rev}” ({arg}); write a branch, a tag or a commit, e.g. main:data, origin/main:data, HEAD~1:data'],
  'git.no-path': ['版本 {rev} 中没有目录“{path}”（{arg}）；路径从仓库根目录算起，相对当前目录请写成 {rev}:./{path}', 'revision {rev} has no folder “{path}” ({arg}); the path is from the top of the repository, write {rev}:./{path} for one relative to the current folder'],
  'git.not-a-folder': ['版本 {rev} 中的“{path}”是文件，不是目录（{arg}）', '“{path}” is a file in revision {rev}, not a folder ({arg})'],
  'diff.no-regions': ['“{dir}”的 regions.yaml 无法读取（{reason}），文档无法按地区对应，未比较；请先用 yearbook check 改正', 'the regions.yaml of “{dir}” cannot be read ({reason}), so no document can be matched by region; fix it first (yearbook check)'],
  'diff.no-regions-file': ['“{dir}”中没有 regions.yaml（或其中没有地区），不像数据目录，未比较', '“{dir}” has no regions.yaml (or no region in it); it does not look like a data folder'],
  'git.failed': ['读取“{arg}”时 git 出错：{detail}', 'git failed reading “{arg}”: {detail}'],
  'yaml.directory': ['“{name}”是目录而不是文件，已检查其中的文件', '“{name}” is a directory, not a file; the files inside it were checked'],
  'yaml.alias-budget': ['YAML别名（*引用）展开过多，疑为“别名炸弹”，已停止读取此文件', 'YAML aliases expand too far (an “alias bomb”?); reading this file stopped'],
  'yaml.multiple-docs': ['一个文件只能包含一个YAML文档（发现了“---”分隔的多个文档）', 'a file may hold one YAML document only (found several separated by “---”)'],
  'yaml.full-width-colon': ['“{key}”后的冒号“：”是全角冒号，YAML只认半角冒号；请把“：”改为半角“:”，并在其后加一个空格，写作“{fix}”', 'the colon after “{key}” is a full-width “：”, and YAML knows only the ASCII colon: replace “：” with “:” followed by a space, as in “{fix}”'],
  'yaml.indented-first-key': ['第一个键“{key}”前有{count}个空格，而第{line}行的“{next}”从行首写起；顶层的键都应从行首写起，{fix}', 'the first key “{key}” is indented by {count} spaces, but “{next}” on line {line} starts at the beginning of the line; top-level keys all start there: {fix}'],
  'yaml.indent-fix-first': ['请删除“{key}”前的{count}个空格', 'delete the {count} spaces before “{key}”'],
  'yaml.indent-fix-lines': ['请删除第{from}至{to}行行首的{count}个空格', 'delete {count} spaces at the start of lines {from} to {to}'],
  // yaml: the {detail} of yaml.syntax, by the yaml package's error code
  'yaml.detail.bad-indent': ['缩进不一致；同一层级的键应左对齐', 'the indentation is inconsistent; keys at the same level must line up'],
  'yaml.detail.missing-char': ['缺少配对的符号（如 ] } 或引号）', 'a closing mark is missing (such as ], } or a quote)'],
  'yaml.detail.block-as-implicit-key': ['键的写法有误（可能缺少冒号后的空格）', 'a key is written wrongly (perhaps the space after the colon is missing)'],
  'yaml.detail.multiline-implicit-key': ['键不能跨行；可能缺少冒号或缩进有误', 'a key cannot run over several lines; perhaps a colon is missing or the indentation is wrong'],
  'yaml.detail.unexpected-token': ['此处出现了意外的字符', 'an unexpected character here'],
  'yaml.detail.bad-scalar-start': ['值不能以此字符开头；请给该值加引号', 'a value cannot start with this character; put the value in quotes'],
  'yaml.detail.block-in-flow': ['花括号或方括号中不能再写缩进的块；请改用一种写法', 'an indented block cannot be written inside braces or brackets; use one style or the other'],
  'yaml.detail.bad-dq-escape': ['双引号文字中的转义序列无效（反斜杠后的字符）', 'an invalid escape sequence in double-quoted text (the character after the backslash)'],
  'yaml.detail.key-over-1024-chars': ['键过长（超过1024个字符）', 'a key is too long (over 1024 characters)'],
  'yaml.detail.bad-alias': ['别名（*name）指向不存在的锚点（&name）', 'an alias (*name) refers to an anchor (&name) that does not exist'],
  'yaml.detail.non-string-key': ['键必须是文字', 'keys must be text'],
  'yaml.detail.too-deep': ['嵌套层次过深', 'nested too deeply'],
  // schema
  'schema.empty-file': ['文件为空；地区年度文件至少需要region和year', 'the file is empty; a region-year document needs at least region and year'],
  'schema.missing-file': ['数据目录中缺少{name}；{what}', 'the data folder has no {name}; {what}'],
  'schema.missing-field': ['缺少必填字段“{field}”', 'the required field “{field}” is missing'],
  'schema.unknown-field': ['未知字段“{field}”{hint}', 'unknown field “{field}”{hint}'],
  'schema.unknown-path': ['指标目录中没有“{path}”{hint}', 'the catalogue has no indicator “{path}”{hint}'],
  'schema.unknown-region': ['regions.yaml中没有地区“{region}”{hint}', 'regions.yaml has no region “{region}”{hint}'],
  'schema.ambiguous-region': ['地区名称“{region}”对应多个代码（{codes}），请改用代码', 'the region name “{region}” matches several codes ({codes}); write the code instead'],
  'schema.bad-type': ['“{field}”应为{expected}', '“{field}” should be {expected}'],
  /** A value of the wrong shape where a map or a list belongs: says what to write, not the YAML term. */
  'schema.write-as': ['“{field}”应写成{expected}', '“{field}” should be written as {expected}'],
  'schema.not-a-number': ['“{text}”不是数字；应写成如 2169.94、586.83 万人、≥95%', '“{text}” is not a number; write e.g. 2169.94, 586.83 万人, ≥95%'],
  'schema.bad-year': ['年份“{text}”无效；应为四位数字年份，如 2022', 'the year “{text}” is not valid; write a four-digit year such as 2022'],
  'schema.bad-segment': ['路径段“{segment}”无效；只能使用小写字母、数字和下划线', 'the path segment “{segment}” is invalid; use lower-case letters, digits and underscores'],
  'schema.bad-rule': ['规则“{rule}”无法解析：{detail}', 'the rule “{rule}” cannot be parsed: {detail}'],
  'schema.rule-unknown-path': ['规则“{rule}”引用了目录中没有的指标“{path}”{hint}', 'the rule “{rule}” names “{path}”, which is not in the catalogue{hint}'],
  'schema.bad-date': ['日期“{text}”无效；应写成 2023-03-31、2023-03 或 ongoing', 'the date “{text}” is not valid; write 2023-03-31, 2023-03 or ongoing'],
  'schema.bad-status': ['状态“{text}”无效；应为 done、in-progress 或 not-started', 'the status “{text}” is not valid; use done, in-progress or not-started'],
  'schema.bad-kind': ['问题类型“{text}”无效{hint}', 'the finding kind “{text}” is not valid{hint}'],
  'schema.table-rows': ['统计表“{id}”的rows应为 children（本地区合计及各下级地区）或 years（本地区各年）', 'the rows of the table “{id}” should be children (the region and each sub-region) or years (the region, a row a year)'],
  'schema.duplicate-table': ['统计表“{id}”在indicators.yaml中重复出现', 'the table “{id}” appears twice in indicators.yaml'],
  'type.table': ['写出“id: 表名”“title: 标题”“rows: children”“columns: [指标, …]”等项', 'lines “id: …”, “title: …”, “rows: children” and “columns: [path, …]”'],
  'schema.duplicate-region': ['地区代码{code}在regions.yaml中重复出现', 'the region code {code} appears twice in regions.yaml'],
  'schema.bad-code': ['地区代码“{code}”无效；应为数字，如 150000', 'the region code “{code}” is not valid; write digits such as 150000'],
  'schema.figure-shape': ['数字“{path}”应写成数值（如 2169.94），或写出value、before、after等项（如 {value: 2169.94, growth: 8.3%}）', 'the figure “{path}” should be a number (e.g. 2169.94), or its value, before or after written out (e.g. {value: 2169.94, growth: 8.3%})'],
  'schema.figure-status': ['数字“{path}”的status“{status}”无效；应为 p（初步数）、r（修订数）或 e（估计数），正式数不写status', 'the status “{status}” of the figure “{path}” is not valid; write p (provisional), r (revised) or e (estimated), or no status for a final figure'],
  'schema.growth-needs-percent': ['“{field}”应写成百分数，如 7.6%', '“{field}” should be a percentage such as 7.6%'],
  'schema.file-not-map': ['整个文件应写成“键: 值”的多行形式（region、year、figures等各占一行，从行首写起，不以“- ”开头）', 'the file should be lines of “key: value” (region, year, figures … each on a line of its own, from the start of the line, not starting with “- ”)'],
  // the {expected} of schema.bad-type (and of schema.write-as: map, list, indicator, region-entry, rule)
  'type.map': ['“键: 值”的多行形式（每项一行，下一层缩进两个空格）', 'lines of “key: value” (one per line, the level below indented by two spaces)'],
  'type.text': ['文字', 'text'],
  'type.list': ['以“- ”开头的多行列表（每项一行）', 'a list of lines, each starting with “- ”'],
  'type.list-or-text': ['以“- ”开头的多行列表（每项一行），或用“、”分隔的一行文字', 'a list of lines, each starting with “- ”, or one line of names separated by “、”'],
  'type.number': ['数值', 'a number'],
  'type.indicator': ['“label: 名称”和“unit: 单位”两行（或写在一行：{label: 名称, unit: 单位}）', 'two lines “label: …” and “unit: …” (or on one line: {label: …, unit: …})'],
  'type.boolean': ['true 或 false', 'true or false'],
  'type.region': ['地区代码或名称', 'a region code or name'],
  'type.region-entry': ['“code: 代码”和“name: 名称”两行（或写在一行：{code: "150000", name: 名称}）', 'two lines “code: …” and “name: …” (or on one line: {code: "150000", name: …})'],
  'type.script': ['simplified 或 traditional', 'simplified or traditional'],
  'type.rule': ['一条表达式（如 a = b + c），或写出“check: 表达式”等项', 'an expression (such as a = b + c), or lines with “check: expression”'],
  'type.severity': ['error 或 warning', 'error or warning'],
  // rule expressions: the {detail} of schema.bad-rule
  'expr.bad-char': ['无法识别的字符“{char}”', 'the character “{char}” is not recognised'],
  'expr.prev-path': ['prev() 中应写指标路径', 'prev() must contain an indicator path'],
  'expr.prev-close': ['prev( 后缺少“)”', '“)” is missing after prev('],
  'expr.close': ['缺少“)”', '“)” is missing'],
  'expr.incomplete': ['表达式不完整', 'the expression is incomplete'],
  'expr.unexpected': ['此处不应出现“{token}”', '“{token}” is not expected here'],
  'expr.no-relation': ['规则需要一个关系符号：= < <= > >=', 'a rule needs a relation: = < <= > >='],
  'expr.extra': ['规则末尾多出“{token}”（一条规则只能有一个关系符号）', '“{token}” is left over at the end (a rule has one relation only)'],
  // unit
  'unit.unknown': ['“{unit}”不是支持的单位（支持：人/万人、人次/万人次、元/万元/亿元、家/个/项等、天/个月/年、%）', '“{unit}” is not a supported unit (人/万人, 人次/万人次, 元/万元/亿元, 家/个/项 …, 天/个月/年, %)'],
  'unit.family': ['{label}的单位应为“{expected}”一类，此处写作“{unit}”', '{label} is measured in units like “{expected}”, but “{unit}” is written'],
  'unit.slip': ['{label}写作{written}，若单位为{suggested}则“{rule}”成立；疑为单位笔误，应为{suggested}', '{label} is written {written}; with {suggested} instead “{rule}” would hold: likely a unit slip'],
  // rules
  'rule.sum': ['{label}{actual}，分项之和为{expected}，相差{diff}', '{label} is {actual}, the parts add up to {expected}, a difference of {diff}'],
  'rule.equation': ['{label}{actual}，按“{rule}”计算应为{expected}，相差{diff}', '{label} is {actual}; by “{rule}” it should be {expected}, a difference of {diff}'],
  'rule.inequality': ['{label}{actual}，不满足“{rule}”（右侧为{expected}）', '{label} is {actual}, which breaks “{rule}” (the right side is {expected})'],
  'rule.inequality-bare': ['{label}{actual}，不满足“{rule}”', '{label} is {actual}, which breaks “{rule}”'],
  'rule.custom': ['{message}：{detail}', '{message}: {detail}'],
  // change
  'change.growth': ['{label}由{before}变为{after}，变化率应为{computed}，写作{stated}', '{label} went from {before} to {after}, a change of {computed}, but {stated} is written'],
  'change.growth-prev': ['{label}{after}，上年（{prevYear}年）{before}，增长率应为{computed}，写作{stated}', '{label} is {after} against {before} in {prevYear}, a change of {computed}, but {stated} is written'],
  'change.increase': ['{label}由{before}变为{after}，增减量应为{computed}，写作{stated}', '{label} went from {before} to {after}, a change of {computed}, but {stated} is written'],
  'change.increase-prev': ['{label}{after}，上年（{prevYear}年）{before}，增减量应为{computed}，写作{stated}', '{label} is {after} against {before} in {prevYear}, a change of {computed}, but {stated} is written'],
  'change.pp': ['{label}由{before}变为{after}，应变化{computed}个百分点，写作{stated}个百分点', '{label} went from {before} to {after}, {computed} percentage points, but {stated} is written'],
  'change.pp-prev': ['{label}{after}，上年（{prevYear}年）{before}，应变化{computed}个百分点，写作{stated}个百分点', '{label} is {after} against {before} in {prevYear}, {computed} percentage points, but {stated} is written'],
  'change.pp-not-percent': ['“pp”（百分点）只用于以%计的指标；{label}的单位是{unit}，请改用growth或increase', '“pp” applies to % indicators only; {label} is in {unit}: use growth or increase'],
  // aggregate, range
  'aggregate.sum': ['{region}{label}{actual}，{count}个下级地区之和为{expected}，相差{diff}', '{region}: {label} is {actual}, its {count} sub-regions add up to {expected}, a difference of {diff}'],
  'range.below': ['{label}{value}低于下限{bound}', '{label} {value} is below the minimum {bound}'],
  'range.above': ['{label}{value}高于上限{bound}', '{label} {value} is above the maximum {bound}'],
  // duplicates
  'duplicate-document': ['与{other}重复：同一地区（{region}）、同一年份（{year}）{edition}只能有一个文件', 'duplicates {other}: one file per region ({region}), year ({year}){edition}'],
  'duplicate-section.same': ['本节“{title}”与第{line}行的“{otherTitle}”文字相同，疑为重复排印', 'the section “{title}” repeats the text of “{otherTitle}” (line {line}): printed twice?'],
  'duplicate-section.near': ['本节“{title}”与第{line}行的“{otherTitle}”文字几乎相同（相似度{similarity}），疑为重复排印', 'the section “{title}” is nearly the same as “{otherTitle}” (line {line}, similarity {similarity})'],
  'duplicate-task': ['任务序号{no}与第{line}行的任务重复', 'task number {no} is used again (first at line {line})'],
  // reference
  'reference.unknown': ['文本引用的“{{{name}}}”不是本文件的数字{hint}', 'the text refers to “{{{name}}}”, which is not a figure of this document{hint}'],
  'reference.no-prev': ['文本引用的“{{{name}}}”需要上一年（{year}年）同一地区的文件，但没有找到该数字', 'the text refers to “{{{name}}}”, but the same region has no such figure for {year}'],
  'reference.unclosed': ['“{{”没有对应的“}}”', '“{{” is not closed by “}}”'],
  'reference.syntax': ['“{{{text}}}”无法排印：{why}', '“{{{text}}}” cannot be printed: {why}'],
  'reference.why.empty': ['花括号中是空的；写数字路径，如 {{insured.total}}', 'there is nothing inside; write a figure path such as {{insured.total}}'],
  'reference.why.raw': ['只能用两层花括号，如 {{insured.total}}', 'use two braces only, as in {{insured.total}}'],
  'reference.why.block': ['文本中不能使用模板的块、注释或局部模板（# / ! > else）；只写数字路径或 change、fromto、abs、round 等', 'blocks, comments and partials (# / ! > else) are not allowed in text; write a figure path or change, fromto, abs, round …'],
  'reference.why.context': ['不能写 this、../ 或 @；直接写数字路径，如 {{insured.total}}', 'this, ../ and @ are not allowed; write the figure path itself, such as {{insured.total}}'],
  'reference.why.hash': ['不能写“名称=值”形式的参数', 'name=value arguments are not allowed'],
  'reference.why.path': ['数字路径只能由小写字母、数字、下划线和点组成，且不能以点开头或结尾，如 fund.basic.income', 'a figure path is lower-case letters, digits, underscores and dots, not starting or ending with a dot, such as fund.basic.income'],
  'reference.why.helper-arg': ['这里需要一个数字路径，如 {{change fund.basic.income}}', 'this needs one figure path, as in {{change fund.basic.income}}'],
  'reference.why.round': ['round 需要数字路径和0至10位小数位数，如 {{round insured.total 1}}', 'round needs a figure path and 0 to 10 decimal places, as in {{round insured.total 1}}'],
  'reference.why.unknown-helper': ['只能使用 value、change、fromto、abs、unit、round 和 prev()', 'only value, change, fromto, abs, unit, round and prev() may be used'],
  'reference.no-change': ['“{name}”没有写明变化（growth、pp 或 increase），不能写成 {{change {name}}}', '“{name}” states no change (growth, pp or increase), so {{change {name}}} cannot be printed'],
  'reference.no-fromto': ['“{name}”需要 before 和 after 才能写成“由…至…”', '“{name}” needs before and after for “from … to …”'],
  // overdue
  'overdue': ['任务{no}“{title}”完成时限为{due}，截至{asOf}状态为{status}', 'task {no} “{title}” was due {due}; as of {asOf} its status is {status}'],
  // accept
  'accept.yaml': ['yaml类问题（文件无法正确读取或不是UTF-8）不能用accept接受，请修正文件', 'a yaml finding (unreadable or non-UTF-8 file) cannot be accepted: fix the file'],
  'accept.unused': ['accept条目（kind: {kind}, path: {path}）没有对应的问题，可以删除', 'the accept entry (kind: {kind}, path: {path}) matches no finding and can be removed'],
  // text
  'text.unclosed': ['“{char}”没有配对的“{close}”：{context}', '“{char}” is never closed by “{close}”: {context}'],
  'text.unopened': ['“{char}”前面没有配对的“{open}”：{context}', '“{char}” has no matching “{open}” before it: {context}'],
  'text.pinyin': ['疑为繁简转换残留的拼音注音“{snippet}”{hint}', '“{snippet}” looks like pinyin debris from a bad character conversion{hint}'],
  'text.traditional': ['简体文档中含有{count}个繁体字（如“{chars}”）；请转换为简体，或在文件中写明 script: traditional', 'a simplified-Chinese document has {count} traditional characters (e.g. “{chars}”); convert them, or set script: traditional'],
  'text.full-width-number': ['{label}写作“{text}”，其中“{chars}”是全角字符，已按“{fixed}”读取；请改用半角数字和小数点，写作“{fixed}”', '{label} is written “{text}”, with full-width characters (“{chars}”); it was read as “{fixed}”: type half-width digits and points, “{fixed}”'],
  'text.half-width': ['有{count}处半角标点紧挨汉字，如“{context}”中的“{char}”应为全角“{full}”（GB/T 15834）；运行 yearbook fix 可一次改正', 'half-width punctuation touches Chinese text (count: {count}), e.g. “{char}” in “{context}” should be the full-width “{full}” (GB/T 15834); yearbook fix corrects them all'],
  'text.pinyin-more': ['{snippet}等{count}处', '{snippet} and {others} more'],
  // hints and small words
  'hint.none': ['', ''],
  'hint.did-you-mean': ['，是否应为“{s}”？', ' (did you mean “{s}”?)'],
  'hint.quote-note': ['；若这是上一项文字的一部分（含逗号），请给该文字加引号', '; if this is part of the text before it (it has a comma), put that text in quotes'],
  'hint.pinyin': ['，应删除', '; remove it'],
  'status.none': ['未填报', 'not reported'],
  'status.in-progress': ['推进中', 'in progress'],
  'status.not-started': ['未开始', 'not started'],
  'status.done': ['已完成', 'done'],
  'edition.suffix': ['、同一版本（{edition}）', ', edition {edition}'],
  'missing.regions': ['无法核对地区', 'regions cannot be checked'],
  'missing.indicators': ['无法核对指标和规则', 'indicators and rules cannot be checked'],
  'list.join': ['{head}、{tail}', '{head}, {tail}'],
  // reporter words
  'report.summary': ['{errors}个错误，{warnings}个警告，{accepted}个已接受（检查了{documents}个文件、{figures}个数字、{checks}项核对）', '{errors} errors, {warnings} warnings, {accepted} accepted ({documents} documents, {figures} figures, {checks} checks)'],
  'report.clean': ['未发现问题（检查了{documents}个文件、{figures}个数字、{checks}项核对）', 'no problems found ({documents} documents, {figures} figures, {checks} checks)'],
  'report.accepted': ['已接受：{reason}', 'accepted: {reason}'],
  'report.max-warnings': ['警告数{warnings}超过上限{max}', '{warnings} warnings exceed the limit of {max}'],
  'severity.error': ['错误', 'error'],
  'severity.warning': ['警告', 'warning'],
  'severity.info': ['已接受', 'accepted'],
  // yearbook fix (src/fix/, src/cli/fix-command.ts)
  'fix.not-yaml': ['第{line}行起不是有效的YAML，未作修改；请按 yearbook check 的提示改正后再运行 yearbook fix', 'not valid YAML from line {line} on; left unchanged: correct it as yearbook check says, then run yearbook fix again'],
  'fix.not-map': ['整个文件不是“键: 值”的多行形式，未作修改；请按 yearbook check 的提示改正', 'the file is not lines of “key: value”; left unchanged: correct it as yearbook check says'],
  'fix.not-verified': ['修改后无法按原样读回，未作修改；请手工改正 yearbook check 报告的标点和字符', 'the fixed text would not read back as intended; left unchanged: correct what yearbook check reports by hand'],
  'fix.not-utf8': ['文件不是UTF-8编码，未作修改；请先在编辑器中另存为UTF-8', 'the file is not UTF-8; left unchanged: save it as UTF-8 first'],
  'fix.unreadable': ['无法读取，未作修改；运行 yearbook check 查看原因', 'cannot be read; left unchanged: yearbook check says why'],
  'fix.outside': ['是指向“{dir}”之外的链接，未作修改；请直接修改链接指向的文件', 'is a link to a file outside “{dir}”; left unchanged: fix the file it points to'],
  'fix.refused': ['{file}：{reason}', '{file}: {reason}'],
  'fix.counts': ['标点{punctuation}处、繁体字{traditional}处、拼音残留{debris}处', '{punctuation} punctuation, {traditional} traditional characters, {debris} pinyin debris'],
  'fix.file': ['  {file}：{count}处（{counts}），第{lines}行', '  {file}: {count} ({counts}), line {lines}'],
  'fix.done': ['已改正{count}处（{counts}），共{files}个文件：', 'fixed {count} ({counts}) in {files} files:'],
  'fix.dry-run': ['试运行：将改正{count}处（{counts}），共{files}个文件；未写入任何文件。', 'dry run: would fix {count} ({counts}) in {files} files; nothing was written.'],
  'fix.nothing': ['{documents}个文件中没有需要改正的标点、繁体字或拼音残留。', 'nothing to fix in {documents} files: no half-width punctuation, traditional characters or pinyin debris.'],
  'fix.remaining': ['改正后的核对结果：', 'the check after the fixes:'],
  'fix.remaining-dry': ['改正后的核对结果（试运行，按改正后的内容核对）：', 'the check as it would be after the fixes (dry run):'],
  // the command line: options (src/cli/args.ts)
  'cli.see-help': ['运行 yearbook {command} --help 查看用法（全部命令见 yearbook --help）。', 'Run yearbook {command} --help for its usage (yearbook --help lists every command).'],
  'cli.arg-unknown': ['未知选项“{opt}”', 'unknown option “{opt}”'],
  'cli.arg-missing': ['选项“{opt}”后面缺少值', 'the option “{opt}” needs a value'],
  'cli.arg-missing-need': ['选项“{opt}”后面缺少值：需要{need}', 'the option “{opt}” needs a value: {need}'],
  'cli.arg-dash-value': ['选项“{opt}”的值“{value}”以“-”开头，会被当成另一个选项；如确是这个值，请写成 {opt}={value}', 'the value “{value}” of “{opt}” starts with “-” and would be read as an option; if it is meant, write {opt}={value}'],
  'cli.arg-needs': ['{opt} 需要{need}，而不是“{value}”', '{opt} needs {need}, not “{value}”'],
  'cli.arg-no-value': ['选项“{opt}”不接受值', 'the option “{opt}” takes no value'],
  'cli.need.count': ['一个非负整数（如 0、10）', 'a non-negative integer (such as 0 or 10)'],
  // the command line: what `build` needs before it starts the browser (src/cli/main.ts)
  'cli.out-empty': ['--out 需要一个目录名，如 --out out', '--out needs a folder name, e.g. --out out'],
  'cli.out-unusable': ['不能把输出写到“{out}”：{why}。请用 --out 指定一个可以写入的目录（如 --out out），或检查该目录的权限', 'cannot write the output to “{out}”: {why}. Name a folder you can write to with --out (e.g. --out out), or check its permissions'],
  'cli.out-file-unusable': ['不能把文件写到“{out}”：{why}。请用 --out 指定一个可以写入的位置', 'cannot write “{out}”: {why}. Name a place you can write to with --out'],
  'out.is-file': ['“{path}”是一个文件，不是目录', '“{path}” is a file, not a folder'],
  'out.cannot-create': ['无法新建目录“{path}”，因为{reason}', 'the folder “{path}” cannot be made: {reason}'],
  'out.not-writable': ['无法在目录“{path}”中写入文件，因为{reason}', 'no file can be written in the folder “{path}”: {reason}'],
  'out.eacces': ['没有写入权限（{code}）', 'no permission to write there ({code})'],
  'out.eperm': ['没有写入权限（{code}）', 'no permission to write there ({code})'],
  'out.erofs': ['文件系统是只读的（{code}）', 'the file system is read-only ({code})'],
  'out.enoent': ['这一位置不能存放文件（/proc、/sys 等系统目录都是这样，{code}）', 'nothing can be stored here, as in the system folders /proc and /sys ({code})'],
  'out.eexist': ['同名的链接指向不存在的位置（{code}）', 'a link of that name points nowhere ({code})'],
  'out.enospc': ['磁盘已满（{code}）', 'the disk is full ({code})'],
  'out.other': ['出现系统错误 {code}', 'the system said {code}'],
  'cli.templates-missing': ['模板目录“{dir}”不存在，或不是目录。请用 --templates 指定含 entry.hbs 等模板的目录，或去掉 --templates 使用程序自带的模板', 'the templates folder “{dir}” does not exist or is not a folder. Name a folder holding entry.hbs and the other templates with --templates, or leave --templates out to use the bundled ones'],
  'cli.browser-env-missing': ['环境变量 PUPPETEER_EXECUTABLE_PATH 指向的“{path}”不存在。请把它改为 Chromium 或 Chrome 的路径（如 /usr/bin/chromium），或删除这个变量，让 yearbook 自动查找', 'PUPPETEER_EXECUTABLE_PATH names “{path}”, which does not exist. Set it to the path of Chromium or Chrome (e.g. /usr/bin/chromium), or unset it to let yearbook find one'],
  'cli.browser-env-not-program': ['环境变量 PUPPETEER_EXECUTABLE_PATH 指向的“{path}”{what}，不能作为浏览器运行。请把它改为 Chromium 或 Chrome 的路径（如 /usr/bin/chromium），或删除这个变量，让 yearbook 自动查找', 'PUPPETEER_EXECUTABLE_PATH names “{path}”, {what}, which cannot run as a browser. Set it to the path of Chromium or Chrome (e.g. /usr/bin/chromium), or unset it to let yearbook find one'],
  'cli.browser-is-folder': ['是一个目录', 'a folder'],
  'cli.browser-not-executable': ['不是可执行文件', 'not an executable file'],
  'cli.browser-launch-env': ['无法启动浏览器“{path}”：它没有作为 Chromium 运行起来。请确认环境变量 PUPPETEER_EXECUTABLE_PATH 指向 Chromium 或 Chrome（如 /usr/bin/chromium），或删除这个变量，让 yearbook 自动查找（设置 YEARBOOK_DEBUG=1 可显示详细信息）', 'the browser “{path}” could not be started: it did not run as Chromium. Make sure PUPPETEER_EXECUTABLE_PATH names Chromium or Chrome (e.g. /usr/bin/chromium), or unset it to let yearbook find one (YEARBOOK_DEBUG=1 shows the details)'],
  'cli.browser-launch': ['无法启动浏览器“{path}”：它没有作为 Chromium 运行起来。请重新安装 Chromium（Debian/Ubuntu：apt-get install -y chromium），或用环境变量 PUPPETEER_EXECUTABLE_PATH 指定另一个浏览器（设置 YEARBOOK_DEBUG=1 可显示详细信息）', 'the browser “{path}” could not be started: it did not run as Chromium. Reinstall Chromium (Debian/Ubuntu: apt-get install -y chromium), or name another browser in PUPPETEER_EXECUTABLE_PATH (YEARBOOK_DEBUG=1 shows the details)'],
} as const satisfies Record<string, readonly [string, string]>;

export type MessageId = keyof typeof CATALOGUE;

export function msg(id: MessageId, args: Record<string, Arg> = {}): Message {
  return { id, args };
}

export function render(m: Message, lang: Lang = 'zh'): string {
  const tpl = CATALOGUE[m.id][lang === 'en' ? 1 : 0];
  return tpl.replace(/\{(\w+)\}/g, (all, name: string) => {
    const v = m.args[name];
    if (v === undefined) return all;
    return typeof v === 'object' ? render(v, lang) : String(v);
  });
}

export function t(id: MessageId, args: Record<string, Arg> = {}, lang: Lang = 'zh'): string {
  return render(msg(id, args), lang);
}

