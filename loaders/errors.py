"""What can go wrong when a planner's dataset is read: one exception, one problem record.

:class:`LoadError` stops a load as a whole (no organisations table, a file that
cannot be read, strict mode refusing rejected rows); the store is left untouched.
:class:`Problem` is one line of the validation report: a row or a column that
was wrong, with where to find it as the planner sees it in Excel.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LoadError", "Problem", "MESSAGES", "message"]


class LoadError(Exception):
    """The dataset cannot be loaded at all; the message says why and what to do."""

    def __init__(self, text: str, *, validation: object | None = None) -> None:
        super().__init__(text)
        #: The :class:`loaders.validate.ValidationResult`, when validation got that far.
        self.validation = validation


@dataclass(frozen=True)
class Problem:
    """One finding of the reader or validator.

    Parameters
    ----------
    file_or_sheet:
        The file name (``党组织.csv``) or ``workbook.xlsx[sheet]``.
    row:
        The row as Excel shows it (header is row 1, first data row is 2);
        ``None`` for a problem with a whole file, sheet or column.
    column:
        The column header as written in the file (or the contract's name when the
        column is missing); ``""`` when the problem is not about one column.
    message:
        Plain words in the language the user chose.
    severity:
        ``"error"`` (the row was rejected) or ``"warning"`` (noted, nothing lost).
    """

    file_or_sheet: str
    row: int | None
    column: str
    message: str
    severity: str = "error"

    def __post_init__(self) -> None:
        if self.severity not in ("error", "warning"):
            raise ValueError(f"severity must be 'error' or 'warning', not {self.severity!r}")

    @property
    def where(self) -> str:
        """``file:row`` (or just ``file``) as the report prints it."""
        return self.file_or_sheet if self.row is None else f"{self.file_or_sheet}:{self.row}"


#: Every message a planner can see from the loaders, in Chinese and English.
MESSAGES: dict[str, dict[str, str]] = {
    # whole dataset / files
    "no_path": {"zh": "找不到 {path}", "en": "{path} does not exist"},
    "bad_path": {
        "zh": "{path} 不是文件夹、CSV 文件、工作簿（.xlsx/.xls/.ods）或 .zip 压缩包",
        "en": "{path} is not a folder, a CSV file, a workbook (.xlsx, .xls, .ods) or a .zip",
    },
    "no_organizations": {
        "zh": "数据中没有党组织表（文件或工作表应命名为 党组织 或 organizations）；找到的：{found}",
        "en": "the dataset has no organisations table (a file or sheet named organizations or "
        "党组织); found: {found}",
    },
    "encoding": {
        "zh": "无法识别 {file} 的编码：第 {line} 行（字节偏移 {offset}，字节 {bytes}）既不是 UTF-8 也不是 "
        "GB18030；请在 Excel 中另存为“CSV UTF-8”",
        "en": "cannot tell the text encoding of {file}: line {line} (byte offset {offset}, bytes {bytes}) "
        "is neither UTF-8 nor GB18030; save it from Excel as 'CSV UTF-8'",
    },
    "wps_et": {
        "zh": "无法读取 WPS 表格文件 {file}：请在 WPS 中另存为 .xlsx 后再导入",
        "en": "cannot read the WPS spreadsheet {file}: save it as .xlsx in WPS and load that",
    },
    "symlink": {
        "zh": "{file} 是符号链接，未读取：请把文件本身复制进来",
        "en": "{file} is a symbolic link and was not read: copy the file itself in its place",
    },
    "not_regular": {
        "zh": "{file} 不是普通文件，未读取", "en": "{file} is not a regular file and was not read",
    },
    "zip_members": {
        "zh": "{file} 含 {n} 个文件，超过上限 {max}（设置 BRANCHGRAPH_ZIP_MAX_MEMBERS）",
        "en": "{file} holds {n} files, more than the limit of {max} (setting BRANCHGRAPH_ZIP_MAX_MEMBERS)",
    },
    "zip_path": {
        "zh": "{file} 中的「{member}」是绝对路径或含 ..，拒绝读取",
        "en": "{file} holds '{member}', an absolute path or one with ..; refused",
    },
    "zip_member_size": {
        "zh": "{file} 中的「{member}」解压后 {size}，超过上限 {max}（设置 BRANCHGRAPH_ZIP_MAX_MEMBER）",
        "en": "'{member}' in {file} inflates to {size}, more than the limit of {max} "
        "(setting BRANCHGRAPH_ZIP_MAX_MEMBER)",
    },
    "zip_total_size": {
        "zh": "{file} 解压后超过上限 {max}（设置 BRANCHGRAPH_ZIP_MAX_TOTAL），拒绝读取",
        "en": "{file} inflates to more than the limit of {max} (setting BRANCHGRAPH_ZIP_MAX_TOTAL); refused",
    },
    "hidden_sheet": {
        "zh": "工作表「{sheet}」是隐藏的，未导入；取消隐藏后即可导入（或使用 --include-hidden）",
        "en": "sheet {sheet} is hidden and was not loaded; unhide it to load it (or use --include-hidden)",
    },
    "totals_row": {"zh": "合计行，已跳过", "en": "a totals row, skipped"},
    "looks_separated": {
        "zh": "表头看起来是用{by}分隔的，但没有识别出任何列；请另存为逗号分隔的 CSV",
        "en": "the header looks separated by {by}, yet names no known column; save it as comma-separated CSV",
    },
    "semicolon": {"zh": "分号", "en": "semicolons"},
    "tab": {"zh": "制表符", "en": "tabs"},
    "unreadable": {"zh": "无法读取 {file}：{reason}", "en": "cannot read {file}: {reason}"},
    "unknown_file": {
        "zh": "不是可识别的表，已忽略（可用名称：{known}）",
        "en": "not a known table, ignored (known names: {known})",
    },
    "no_header": {"zh": "没有表头行，已忽略", "en": "no header row, ignored"},
    "unknown_column": {"zh": "未知列，已忽略", "en": "unknown column, ignored"},
    "duplicate_column": {
        "zh": "与「{first}」同为 {name} 列，已忽略",
        "en": "also means {name}, like '{first}'; ignored",
    },
    "extra_values": {
        "zh": "本行有 {got} 个值，表头只有 {want} 列（可能有未加引号的逗号）",
        "en": "the row has {got} values but the header has {want} columns (an unquoted comma?)",
    },
    # table level
    "missing_column": {
        "zh": "缺少必填列「{column}」，本表 {n} 行全部未导入",
        "en": "required column {column} is missing; all {n} rows rejected",
    },
    "missing_column_row": {"zh": "缺少必填列「{column}」", "en": "required column {column} is missing"},
    "demo_among_months": {
        "zh": "{store} 已保存 {n} 个月份的自有台账快照，演示数据不写入其中：请用另一个图数据库，例如 --store ./data/demo.lbug",
        "en": "{store} keeps {n} monthly snapshots of your own ledgers; the demo does not write "
        "among them: use another store, such as --store ./data/demo.lbug",
    },
    "no_month_before": {
        "zh": "{day} 当天或之前没有快照，旗县区上报无处并入：请先导入全市 {day} 或更早的台账",
        "en": "there is no snapshot on or before {day} for a county submission to go into: "
        "load the whole city's ledger of {day} or earlier first",
    },
    "nothing_loaded": {
        "zh": "没有一个党组织通过检查，未导入任何数据",
        "en": "no organisation passed the checks, nothing was loaded",
    },
    "strict": {
        "zh": "严格模式：{n} 行未通过检查，未导入任何数据",
        "en": "strict mode: {n} rows failed the checks, nothing was loaded",
    },
    "see_report": {"zh": "；请查看报告 {report}", "en": "; see the report {report}"},
    # values
    "required": {"zh": "必填项为空", "en": "required value is empty"},
    "excel_error": {
        "zh": "单元格显示的是 Excel 错误值 {value}，不是数据；请修正公式或填写数值",
        "en": "the cell shows an Excel error ({value}), not a value; fix the formula or type the value",
    },
    "too_precise": {
        "zh": "「{value}」是超过 15 位的数字，Excel 已丢失末尾几位；请先把该列设置为文本格式再重新输入",
        "en": "'{value}' is a number of more than 15 digits and Excel has already lost its last digits; "
        "format the column as text before typing the ids again",
    },
    "normalised": {
        "zh": "{n} 个编码经过规范化（全角转半角、去掉首尾空格、字母大写），例如「{before}」→「{after}」",
        "en": "{n} ids were normalised (full-width to half-width, surrounding spaces removed, letters "
        "upper-cased), e.g. '{before}' -> '{after}'",
    },
    "enum": {"zh": "「{value}」不是有效值，应为：{choices}", "en": "'{value}' is not one of: {choices}"},
    "bool": {
        "zh": "「{value}」不是 是/否（也可写 true/false、1/0）",
        "en": "'{value}' is not yes or no (是/否, true/false, 1/0)",
    },
    "int": {"zh": "「{value}」不是整数", "en": "'{value}' is not a whole number"},
    "number": {"zh": "「{value}」不是数字", "en": "'{value}' is not a number"},
    "between": {"zh": "{value} 不在 {min} 到 {max} 之间", "en": "{value} is not between {min} and {max}"},
    "at_least": {"zh": "{value} 小于 {min}", "en": "{value} is less than {min}"},
    "date": {
        "zh": "「{value}」不是日期（请写成 2024-01-05）",
        "en": "'{value}' is not a date (write it as 2024-01-05)",
    },
    "until_before_since": {
        "zh": "结束日期 {until} 早于开始日期 {since}",
        "en": "until {until} is before since {since}",
    },
    "duplicate_id": {
        "zh": "编码「{value}」重复（第 {first} 行已有）",
        "en": "duplicate id '{value}' (already at row {first})",
    },
    "duplicate_link": {"zh": "与第 {first} 行重复", "en": "same as row {first}"},
    # references
    "dangling": {"zh": "「{value}」在{target}中不存在", "en": "'{value}' is not in {target}"},
    "rejected_ref": {
        "zh": "「{value}」所在的行未通过检查（{where}）",
        "en": "'{value}' refers to a rejected row ({where})",
    },
    "cycle": {"zh": "上级关系成环：{cycle}", "en": "parent cycle: {cycle}"},
    "self_pairing": {"zh": "不能与自身结对（「{value}」）", "en": "an organisation cannot pair with itself ('{value}')"},
    "several_leads": {
        "zh": "联合体「{value}」已有牵头单位（第 {first} 行）",
        "en": "alliance '{value}' already has a lead (row {first})",
    },
    "no_lead": {
        "zh": "联合体成员中没有牵头单位（角色 牵头/lead）",
        "en": "none of the alliance's members is its lead (role lead/牵头)",
    },
    "no_members": {"zh": "联合体没有成员", "en": "the alliance has no members"},
    # what rejects drag along; the reject threshold
    "drag_organizations": {"zh": "{n} 个党组织", "en": "{n} organisations"},
    "drag_people": {"zh": "{n} 名人员", "en": "{n} people"},
    "drag_links": {"zh": "{n} 条关系", "en": "{n} links"},
    "dragged": {"zh": "→ 连带 {what} 未导入", "en": "→ {what} not loaded with it"},
    "cause_rows": {"zh": "（共 {n} 行）", "en": " ({n} rows)"},
    "refuse": {
        "zh": "未替换图数据：{n} 行（共读取 {read} 行）未通过检查，{why}；请修正后重新导入，"
        "或确认这些行可以不导入（--accept-rejects）",
        "en": "the graph was not replaced: {n} of {read} rows failed the checks and {why}; fix them "
        "and load again, or accept leaving them out (--accept-rejects)",
    },
    "refuse_share": {"zh": "占 {share}，超过上限 {max}", "en": "that is {share}, more than the limit of {max}"},
    "refuse_parents": {
        "zh": "其中 {n} 个未导入的党组织下面还有下级组织",
        "en": "{n} of the rejected organisations have organisations below them",
    },
    # report
    "warning": {"zh": "警告", "en": "warning"},
    "causes": {"zh": "根本原因（按影响排序）：", "en": "root causes (most costly first):"},
}


def message(key: str, lang: str = "zh", **values: object) -> str:
    """The message ``key`` in ``lang`` ("zh" or "en"), filled with ``values``.

    >>> message("between", "en", value=11, min=0, max=10)
    '11 is not between 0 and 10'
    """
    texts = MESSAGES[key]
    return texts.get(lang, texts["en"]).format(**values)
