"""Every string the dashboard shows, in Chinese and English.

Pages never write a user-facing literal: they call :func:`t` with a key from
:data:`STRINGS`. Column headers and enum values come from :mod:`queries.labels`
(shared with the exports and the CLI); this module only holds the dashboard's
own words. The current language lives in ``st.session_state["lang"]``.

>>> t("page.overview", lang="en")
'Overview'
>>> t("gaps.count", lang="zh", shown=3, total=5)
'显示 3 个，共 5 个'
"""

from __future__ import annotations

from typing import Any

__all__ = ["LANGS", "STRINGS", "t", "current_lang", "set_default_lang"]

#: Languages of the interface, in the order of the switch.
LANGS = ("zh", "en")

_DEFAULT = {"lang": "zh"}

#: key -> (Chinese, English). Placeholders use str.format names.
STRINGS: dict[str, tuple[str, str]] = {
    # --- audit trail -----------------------------------------------------------------
    "page.audit": ("审计", "Audit"),
    "audit.intro": ("每次导入、上报、导出包联建议、账户变更和登录的记录，最新在前；被中断的导入显示为“未完成”。",
                    "Every load, submission, proposal export, account change and sign-in, newest first; a load that was cut off shows as unfinished."),
    "audit.none": ("此数据库没有审计记录", "This store keeps no audit trail"),
    "audit.user": ("用户", "User"),
    "audit.kind": ("操作", "Kind"),
    "audit.days": ("日期（起止）", "Days (from, to)"),
    "audit.kind.load": ("导入", "Load"),
    "audit.kind.submission": ("上报", "County submission"),
    "audit.kind.proposal-export": ("导出包联建议", "Proposal export"),
    "audit.kind.account-add": ("添加账户", "Account added"),
    "audit.kind.account-remove": ("删除账户", "Account removed"),
    "audit.kind.account-passwd": ("修改密码", "Password changed"),
    "audit.kind.login": ("登录", "Sign-in"),
    "audit.kind.login-failed": ("登录失败", "Failed sign-in"),
    "audit.kind.login-refused": ("登录被拒", "Refused sign-in (locked)"),
    "audit.kind.logout": ("退出", "Sign-out"),
    # --- the frame -------------------------------------------------------------------
    "app.title": ("branchgraph · 基层党组织网络", "branchgraph · grassroots party networks"),
    "app.lang": ("语言 / Language", "语言 / Language"),
    "lang.zh": ("中文", "中文"),
    "lang.en": ("English", "English"),
    "app.filters": ("筛选（各页通用）", "Filters (all pages)"),
    "app.store": ("数据库：{uri}", "Store: {uri}"),
    "app.loaded": ("载入于 {when}", "Loaded {when}"),
    "login.title": ("branchgraph 登录", "Sign in to branchgraph"),
    "login.name": ("账户", "Account"),
    "login.password": ("密码", "Password"),
    "login.submit": ("登录", "Sign in"),
    "login.wrong": ("账户或密码不对", "Wrong account name or password"),
    "login.locked": ("密码错误次数过多，请 {secs} 秒后再试", "Too many wrong passwords: try again in {secs} s"),
    "login.expired": ("会话已过期，请重新登录", "Your session has expired: sign in again"),
    "login.gone": ("该账户已被删除", "This account has been removed"),
    "login.logout": ("退出登录", "Sign out"),
    "login.as": ("{name}（{role}，{scope}）", "{name} ({role}, {scope})"),
    "login.no_accounts": ("未设账户：仅限本机访问。为局域网使用请先添加账户：branchgraph users add 名字 --role admin",
                          "No accounts: this machine only. To serve the LAN add one first: "
                          "branchgraph users add NAME --role admin"),
    "login.local_only_refused": ("此仪表盘未设账户，只能在本机访问；请管理员用 branchgraph users add 添加账户",
                                 "This dashboard has no accounts and serves this machine only; "
                                 "ask the admin to add accounts with branchgraph users add"),
    "login.no_scope": ("此仪表盘不能提供按旗县区限定的数据", "This dashboard cannot serve county-limited accounts"),
    "login.scoping": ("正在准备本旗县区的数据……", "Preparing your counties' data..."),
    "data.submission": ("数据上报：上传的台账只替换本旗县区的组织、在此工作的人员及其关系，其他旗县区不变",
                        "County submission: the ledger replaces only your county's organisations, "
                        "the people who work there and their links; other counties stay as they are"),
    "login.not_allowed": ("您的账户不能使用此页", "Your account may not use this page"),
    "role.viewer": ("只读", "viewer"),
    "role.planner": ("规划员", "planner"),
    "role.admin": ("管理员", "admin"),
    "f.county": ("旗县区", "County"),
    "f.domain": ("领域", "Domain"),
    "f.tier": ("类别", "Tier"),
    "f.as_of": ("截至日期", "As of"),
    "f.snapshot": ("月份快照", "Month (snapshot)"),
    "data.as_of": ("台账日期", "Ledger date"),
    "data.as_of_help": ("台账所反映的日期，通常是月末。导入后保存为该日期的快照；同一日期再次导入会替换它。",
                        "The day the ledger describes, usually a month end. The load is kept as that day's snapshot; loading the same day again replaces it."),
    "f.newest": ("{day}（最新）", "{day} (newest)"),
    # --- month on month (变化, 预警, trends) -------------------------------------------
    "chg.none": ("只有一个月份的快照，还没有可比较的上月：用 branchgraph load 台账 --as-of 日期 导入另一个月份。",
                 "Only one monthly snapshot is kept, so there is no month to compare with: load another month with branchgraph load PATH --as-of DATE."),
    "chg.from": ("上月", "From"),
    "chg.to": ("本月", "To"),
    "chg.orgs": ("组织变化", "Organisations"),
    "chg.people": ("包联干部变化", "Mentors"),
    "chg.counties": ("各旗县区环比", "Counties"),
    "chg.between": ("{a} → {b}", "{a} → {b}"),
    "warn.red": ("红色预警", "Red"),
    "warn.yellow": ("黄色预警", "Yellow"),
    "warn.none": ("本月没有预警。", "No warnings this month."),
    "warn.rules": ("阈值：连续 {months} 个月无人包联、软弱涣散 {deadline} 个月未销号为红色；唯一包联 {days} 天内到期、有人包联占比下降 {drop} 个百分点以上为黄色。",
                   "Thresholds: {months} months unwatched and weak past {deadline} months are red; an only watcher's link ending within {days} days and a watched share falling {drop} points or more are yellow."),
    "ov.trends": ("逐月趋势", "Month by month"),
    "ov.trend_pick": ("指标", "Figure"),
    "f.all": ("全部", "All"),
    "page.overview": ("总览", "Overview"),
    "page.gaps": ("覆盖缺口", "Coverage gaps"),
    "page.mentors": ("包联负荷", "Mentor load"),
    "page.alliances": ("联建网络", "Alliances"),
    "page.queries": ("查询", "Queries"),
    "page.data": ("数据", "Data"),
    "page.proposals": ("建议", "Proposals"),
    # --- the organisation tree (组织树) ---------------------------------------------------
    "page.tree": ("组织树", "Organisation tree"),
    "tree.intro": ("旗县区 → 党委 → 基层组织：每个党委的数字汇总其下全部基层组织（含下级党委所辖）。选择一个党委查看其下级党委和直属基层组织。",
                   "County → committee → organisation: each committee's figures add up every "
                   "grassroots organisation below it, through the committees under it. Pick a "
                   "committee to see the committees and organisations under it."),
    "tree.at": ("当前党委", "Committee"),
    "tree.top": ("（最上级党委）", "(top committees)"),
    "tree.down": ("进入下级党委", "Go down to"),
    "tree.down_pick": ("选择下级党委", "pick a committee below"),
    "tree.up": ("返回上一级", "Up one level"),
    "tree.children": ("下级党委", "Committees below"),
    "tree.tops": ("最上级党委", "Top committees"),
    "tree.branches": ("直属基层组织（负责党委为本党委）", "Organisations it answers for directly"),
    "tree.none": ("—", "—"),
    # --- shared messages -------------------------------------------------------------
    "na": ("「{what}」尚未提供，正在开发中。", "{what} is not available yet (being built)."),
    "err.failed": ("出错了：{msg}", "Something went wrong: {msg}"),
    "err.readonly": (
        "这条查询会修改图数据，已被拒绝：这里只能运行只读查询。需要修改时请在终端用 "
        "`branchgraph cypher --write`。",
        "This query would change the graph and was refused: only read-only queries run "
        "here. To change data, use `branchgraph cypher --write` in a terminal.",
    ),
    "err.missing": ("还没有图数据：{msg}", "No graph yet: {msg}"),
    "empty.title": ("数据库里还没有图数据", "There is no graph in the store yet"),
    "empty.body": (
        "数据库 `{uri}` 是空的。可以先载入内置的演示数据（赤峰式的虚构台账），或到「数据」页上传"
        "自己的台账；也可以在终端运行 `branchgraph demo --no-dashboard`。",
        "The store `{uri}` is empty. Load the built-in demo data (a made-up register "
        "shaped like 赤峰's), upload your own on the Data page, or run "
        "`branchgraph demo --no-dashboard` in a terminal.",
    ),
    "empty.demo": ("载入演示数据", "Load the demo data"),
    "empty.demo_done": ("演示数据已载入。", "The demo data is loaded."),
    "empty.building": ("正在生成并载入演示数据……", "Building and loading the demo data…"),
    "dl.shown": ("下载当前表格（CSV）", "Download this table (CSV)"),
    "dl.all": ("下载全部（CSV）", "Download everything (CSV)"),
    "ph.choose_one": ("请选择", "Choose one"),
    "ph.choose_many": ("可多选", "Choose any"),
    "dl.csv": ("下载（CSV）", "Download (CSV)"),
    "dl.xlsx": ("下载（Excel）", "Download (Excel)"),
    "dl.shown_xlsx": ("下载当前表格（Excel）", "Download this table (Excel)"),
    "dl.all_xlsx": ("下载全部（Excel）", "Download everything (Excel)"),
    "rows": ("{n} 行", "{n} rows"),
    "none": ("（没有）", "(none)"),
    "no_rows": ("没有符合条件的记录。", "No rows match."),
    # --- overview --------------------------------------------------------------------
    "ov.caption": (
        "截至 {as_of}，范围：{scope}。基层党组织指党支部和党总支。",
        "As of {as_of}; scope: {scope}. Grassroots organisations are branches and "
        "general branches.",
    ),
    "ov.orgs": ("基层党组织", "Grassroots organisations"),
    "ov.watched_share": ("有人包联的比例", "Share watched"),
    "ov.uncovered": ("无人包联", "Nobody watching"),
    "ov.uncovered_lagging": ("无人包联的后进组织", "Lagging, nobody watching"),
    "ov.uncovered_weak": ("无人包联的软弱涣散组织", "Weak, nobody watching"),
    "ov.over_capacity": ("超出上限的包联干部", "Mentors over capacity"),
    "ov.alliances": ("党建联合体", "Alliances"),
    "ov.participating": ("参与联建的基层组织", "Organisations in alliances"),
    "ov.stars": ("星级目标", "Star targets"),
    "ov.target": ("{target}", "{target}"),
    "ov.target_help": (
        "目标 {goal}；已评星 {n} 个，达标占 {share}，还差 {gap} 个",
        "Goal {goal}; of {n} rated, {share} there; {gap} still needed",
    ),
    "ov.vs_goal": ("还差 {gap} 个", "{gap} short"),
    "ov.goal_met": ("已达到目标", "target met"),
    "ov.stars_rule": (
        "共 {total} 个已评星组织，其中 {n} 个按星级规则（基础星加特色星）计星，其余按登记星级。",
        "{total} rated organisations; {n} rated by the star rule (base plus feature stars), "
        "the rest by their recorded stars.",
    ),
    "ov.by_county": ("各旗县区", "By county"),
    "pf.click_row": ("点选一行查看该组织的档案。", "Click a row to open that organisation."),
    "pf.search": ("查找组织：输入组织编码或名称中的字", "Find: the code or part of the name"),
    "pf.search_hint": ("例如：红山区 或 O00000008", "e.g. 红山区 or O00000008"),
    "pf.pick": ("选择组织", "Pick the organisation"),
    "pf.none": ("没有编码为或名称包含「{text}」的组织。", "No organisation is or contains “{text}”."),
    "pf.missing": ("没有编码为 {org} 的组织。", "There is no organisation {org}."),
    "pf.intro": ("输入组织编码或名称中的几个字；也可以在「覆盖缺口」表格中点选一行来到这里。",
                 "Type a code or part of a name; or pick a row in the coverage-gaps table."),
    "pf.stars": ("星级", "Stars"),
    "pf.stars_help": ("基础星 {base} + 任务得分 {task} + 特色得分 {extra}（登记星级 {recorded}）；"
                      "能按规则计星时按规则，否则按登记。",
                      "Base {base} + task score {task} + highlight {extra} (recorded {recorded}); by the "
                      "rule where the parts allow, else as recorded."),
    "pf.tier": ("类别", "Tier"),
    "pf.weak": ("软弱涣散", "Weak"),
    "pf.members": ("党员数", "Members"),
    "pf.watchers": ("截至日期的包联人和联系人", "Watching on the day"),
    "pf.children": ("下级组织", "Below it"),
    "pf.alliances": ("联建联合体", "Alliances"),
    "pf.pairings": ("结对", "Pairings"),
    "pf.unwatched": ("截至所选日期，没有人包联或联系这个组织。", "Nobody watches this organisation on the day."),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "ch.city": ("地市", "City"),
    "ch.all_cities": ("全部地市（按地市汇总）", "All cities (one bar each)"),
    "ch.show": ("显示", "Show"),
    "ch.worst": ("最差", "Worst"),
    "ch.best": ("最好", "Best"),
    "ch.all": ("全部", "All"),
    "ch.n": ("个数", "How many"),
    "ch.table": ("表格", "Table"),
    "ch.group": ("旗县区或地市", "County or city"),
    "ch.of": ("显示 {shown} / {total} 个", "{shown} of {total} shown"),
    "ch.no_county": ("未填旗县区", "No county"),
    "ch.no_city": ("未知地市", "City unknown"),
    "ov.chart_watched": ("有人包联的比例（%）", "Share watched (%)"),
    "ov.chart_six": ("6星及以上的比例（%）", "Share at 6+ stars (%)"),
    "ov.chart_uncovered": ("无人包联的组织数", "Organisations nobody watches"),
    "ov.report": ("月报", "Monthly report"),
    "ov.report_caption": ("月报含总体指标、星级目标、无人包联的后进和软弱涣散组织、包联干部负担异常和包联调整建议摘要；"
                          "范围：{scope}，截至 {as_of}（领域、类别筛选不用于月报）。",
                          "The headline figures, star targets, lagging and weak organisations nobody "
                          "watches, mentor-load exceptions and the proposal summary; scope: {scope}, "
                          "as of {as_of} (the domain and tier filters do not apply)."),
    "ov.report_pdf": ("下载月报（PDF）", "Download the report (PDF)"),
    "ov.report_xlsx": ("下载月报（Excel）", "Download the report (Excel)"),
    "ov.report_file": ("月报", "report"),
    "ov.gaps_head": ("最需要关注的缺口（后进、软弱涣散在前）", "Gaps to look at first (lagging and weak first)"),
    # --- gaps ------------------------------------------------------------------------
    "gaps.dimension": ("缺少什么", "Missing"),
    "gaps.stars": ("星级范围", "Stars between"),
    "gaps.unrated": ("包括未评星的组织", "Include organisations without stars"),
    "gaps.count": ("显示 {shown} 个，共 {total} 个", "Showing {shown} of {total}"),
    "gaps.lagging": ("后进", "Lagging"),
    "gaps.weak": ("软弱涣散", "Weak"),
    # --- mentors ---------------------------------------------------------------------
    "mt.people": ("包联干部", "Mentors"),
    "mt.tab_mentors": ("包联干部", "Mentors (包联)"),
    "mt.tab_contacts": ("联系点领导", "Contact points (联系点)"),
    "mt.weights": (
        "负荷 = 包联的支部数；加权负担按类别加权相加（{weights}）；未填上限者上限为 {capacity} 个支部。"
        "联系点不计入包联负荷。",
        "Load = branches mentored; the weighted load adds a weight per branch by tier "
        "({weights}); capacity is {capacity} branches where none is given. Contact points "
        "do not count toward it.",
    ),
    "mt.contact_help": (
        "联系点是领导的个人联系支部，计入覆盖，不占包联上限；未设联系点上限，不判断超出。",
        "A contact point is a leader's own contact branch: it counts toward coverage, not "
        "toward a mentor's capacity; no contact capacity is set, so none is judged over.",
    ),
    "mt.contact_cap": ("联系点上限为每人 {n} 个。", "Contact capacity: {n} per leader."),
    "mt.leaders": ("设联系点的领导", "Leaders with contact points"),
    "mt.contact_points": ("联系点", "Contact points"),
    "mt.mean": ("平均负荷", "Mean load"),
    "mt.max": ("最大负荷", "Largest load"),
    "mt.over": ("超出上限", "Over capacity"),
    "mt.mix_broken": ("搭配不符", "Mix broken"),
    "mt.mix_help": ("包联干部应各包联先进、中间、后进组织一个", "A mentor should watch one advanced, one middle and one lagging branch"),
    "mt.dist": ("负荷分布：每种负荷有多少人", "Load distribution: people per load"),
    "mt.load": ("负荷（包联的支部数）", "Load (branches mentored)"),
    "mt.status": ("状态", "Status"),
    "mt.only_broken": ("只看搭配不符的包联干部", "Only mentors whose mix is broken"),
    "mt.person": ("查看某人包联的组织", "Whom does a person watch?"),
    "mt.pick": ("选择一个人", "Pick a person"),
    "mt.watched_by": ("{name} 包联或联系的组织", "Organisations {name} watches"),
    # --- alliances -------------------------------------------------------------------
    "al.list": ("联合体列表", "Alliances"),
    "al.islands": ("{n} 个孤立联合体（与其他联合体没有共同成员）", "{n} island alliances (no member shared with another)"),
    "al.detail": ("联合体详情", "Alliance detail"),
    "al.pick": ("选择联合体", "Pick an alliance"),
    "al.network": ("网络图", "Network"),
    "al.scope": ("画什么", "Draw"),
    "scope.alliance": ("一个联合体", "One alliance"),
    "scope.county": ("一个旗县区", "One county"),
    "scope.org": ("某个组织的邻域", "An organisation's neighbourhood"),
    "al.county_pick": ("选择旗县区", "Pick a county"),
    "al.org_pick": ("选择组织", "Pick an organisation"),
    "al.hops": ("几跳以内", "Hops"),
    "al.color": ("颜色表示", "Colour by"),
    "al.size": ("大小表示", "Size by"),
    "al.by.domain": ("领域", "Domain"),
    "al.by.tier": ("类别", "Tier"),
    "al.by.watched": ("是否有人包联", "Watched or not"),
    "al.by.stars": ("星级", "Stars"),
    "al.by.members": ("党员数", "Party members"),
    "al.by.degree": ("连线数", "Links"),
    "al.label_top": ("写出名称的节点数（其余悬停可见）", "Nodes named on the picture (the rest on hover)"),
    "al.marked": ("；★ 关键连接组织 {bridges} 个，孤立联合体 {islands} 个",
                  "; ★ {bridges} bridge organisations, {islands} island alliances"),
    "al.open_pick": ("查看图中组织的档案", "Open the profile of an organisation in the picture"),
    "al.open": ("打开档案", "Open profile"),
    "al.size": ("大小表示", "Size by"),
    "al.drawn": ("{nodes} 个节点，{edges} 条连线", "{nodes} nodes, {edges} links"),
    "al.truncated": (
        "网络太大：共 {total} 个节点，只画出了最近的 {n} 个（上限 {cap}）。请缩小范围。",
        "The network is large: {total} nodes, only the nearest {n} are drawn (cap {cap}). "
        "Narrow the scope.",
    ),
    "al.no_graph": ("这个范围内没有可画的节点。", "Nothing to draw in this scope."),
    "al.more": ("更多：孤立与桥梁", "More: who is left out, who bridges"),
    "al.unallied": ("未加入任何联合体的基层组织", "Grassroots organisations in no alliance"),
    "al.bridges": ("桥梁组织（连接多个联合体）", "Bridges (organisations linking alliances)"),
    "al.components": ("联建网络的连通分量", "Connected parts of the alliance network"),
    "al.chains": ("产业链", "Industry chains"),
    "al.pairings": ("结对共建", "Pairings"),
    # --- proposals -------------------------------------------------------------------
    "pr.intro": ("为无人包联的组织推荐包联人：先保证覆盖最多，后进、软弱涣散优先，再选代价最小的"
                 "（同乡镇优先、补齐先进/中间/后进搭配、不超过各人上限、不安排已有关联的人）。",
                 "Mentors proposed for the organisations nobody watches: as many as possible, "
                 "lagging and weak first, then the cheapest (same township, completing the "
                 "advanced/middle/lagging mix, within capacity, never someone already linked)."),
    "pr.cross": ("允许跨旗县区", "Allow other counties"),
    "pr.strict": ("严格搭配", "Strict mix"),
    "pr.strict_help": ("只把组织安排给其搭配（先进、中间、后进各一）正缺这一类的包联干部："
                       "已合规的不再加，每次安排都向合规靠近；未分类的组织不安排。",
                       "Place a branch only with a mentor whose mix (one advanced, one middle, "
                       "one lagging) lacks its tier: compliant mixes are kept, every placement "
                       "moves a mix toward 1/1/1, unrated branches are not placed."),
    "pr.lenient": ("已关闭严格搭配：能多覆盖一些组织，但可能打破已合规的搭配"
                   "（同一人两个后进组织），代价说明中标出「未补搭配缺少的类别」。",
                   "Strict mix is off: more branches may be covered, but a compliant mix may "
                   "break (two lagging branches for one mentor); the cost says where."),
    "pr.needed": ("还需多少包联干部", "Mentors still needed"),
    "pr.needed_help": ("按每人包联{capacity}个计算（向上取整），先覆盖后进和软弱涣散，再覆盖全部；"
                       "末行为合计。未填乡镇街道的组织单列。",
                       "At {capacity} branches per new mentor (rounded up): for the lagging and "
                       "weak ones first, then for all; the last row is the total."),
    "pr.total": ("合计", "Total"),
    "pr.needed_towns": ("按乡镇街道", "Per township"),
    "pr.cost_help": ("代价越小越好：同乡镇街道且补上搭配缺少的类别为0，不同乡镇街道+{town}，"
                     "跨旗县区+{county}，未补搭配缺少的类别+{mix}。",
                     "Lower is better: 0 for the same township filling a missing tier; other "
                     "township +{town}, other county +{county}, not filling the mix +{mix}."),
    "pr.capacity": ("未填上限者的包联上限", "Capacity when none is given"),
    "pr.uncovered": ("无人包联", "Nobody watching"),
    "pr.lagging_uncovered": ("其中后进", "Of them lagging"),
    "pr.weak_uncovered": ("其中软弱涣散", "Of them weak"),
    "pr.places": ("空余名额", "Free places"),
    "pr.mix_ok": ("搭配合规的包联干部", "Mentors with a 1/1/1 mix"),
    "pr.links": ("建议的包联关系", "Proposed links"),
    "pr.open": ("仍无法安排的组织", "Organisations that stay open"),
    "pr.download": ("下载建议（包联表，可编辑后导入）", "Download the proposal (assignments sheet)"),
    "pr.download_help": ("工作簿只有一张「包联」表：删去不要的行，放进台账文件夹后运行 "
                         "`branchgraph load 文件夹` 即可导入。",
                         "One sheet named 包联: delete the rows you do not want, put the workbook "
                         "into your dataset folder and run `branchgraph load FOLDER`."),
    "pr.whatif": ("如果……（调整模拟）", "What if …"),
    "pr.whatif_help": ("模拟人员调离、联合体撤销或增加名额，不会修改数据库。",
                       "Simulate people leaving, alliances dissolving or extra places; "
                       "the stored graph is not changed."),
    "pr.remove_people": ("调离的人员", "People who leave"),
    "pr.remove_alliances": ("撤销的联合体", "Alliances that dissolve"),
    "pr.add_person": ("增加名额的人员", "Person given more places"),
    "pr.add_n": ("增加名额数", "Places added"),
    "pr.run": ("模拟", "Simulate"),
    "pr.orphaned": ("失去唯一包联人或联合体的组织", "Organisations losing their only watcher or alliance"),
    # --- queries ---------------------------------------------------------------------
    "q.named": ("命名查询", "Named queries"),
    "q.pick": ("选择查询", "Pick a query"),
    "q.params": ("参数", "Parameters"),
    "q.run": ("运行", "Run"),
    "q.adhoc_scoped": ("按旗县区限定的账户不能运行自定义 Cypher，请使用上面的命名查询",
                       "Accounts limited to counties cannot run ad-hoc Cypher: use the named queries above"),
    "q.adhoc": ("自定义 Cypher（只读）", "Your own Cypher (read-only)"),
    "q.cypher": ("Cypher 查询", "Cypher query"),
    "q.placeholder": (
        "MATCH (o:Organization) WHERE o.county = '红山区' RETURN o.name, o.stars LIMIT 20",
        "MATCH (o:Organization) WHERE o.county = '红山区' RETURN o.name, o.stars LIMIT 20",
    ),
    "q.limits": (
        "只读；最多显示 {rows} 行；超过 {secs} 秒会被停止。",
        "Read-only; at most {rows} rows shown; stopped after {secs} seconds.",
    ),
    "q.truncated": ("结果超过 {limit} 行，只取回并显示前 {limit} 行。",
                    "More than {limit} rows: only the first {limit} were fetched and are shown."),
    "q.empty": ("请先输入一条查询。", "Type a query first."),
    "q.cypher_of": ("查询语句", "The Cypher behind it"),
    "q.all": ("全部", "All"),
    "q.optional": ("可不填", "optional"),
    "q.saved_mark": ("（我保存的）", " (saved)"),
    "q.save": ("保存为命名查询", "Save as a named query"),
    "q.save_title": ("标题", "Title"),
    "q.save_desc": ("说明（它回答什么问题）", "Description (what it answers)"),
    "q.save_button": ("保存", "Save"),
    "q.saved": ("已保存为「{title}」，可在上方命名查询中选用。", "Saved as “{title}”: pick it above."),
    "q.need_title": ("请填写标题。", "Give it a title."),
    "q.need_desc": ("请填写说明。", "Give it a description."),
    "q.save_where": ("保存到 {folder}", "Saved in {folder}"),
    # --- data ------------------------------------------------------------------------
    "data.current": ("当前图数据", "The graph now"),
    "data.loaded_at": ("载入时间", "Loaded at"),
    "data.source": ("来源", "Source"),
    "data.upload_head": ("上传台账", "Upload a register"),
    "data.pick_file": ("选择文件", "Choose a file"),
    "data.upload_limits": ("每个文件不超过 200MB · ZIP、XLSX、XLS、ODS、CSV",
                           "Up to 200MB per file · ZIP, XLSX, XLS, ODS, CSV"),
    "data.demo_source": ("演示数据", "Demo data"),
    "data.rows_read": ("读取行数", "Rows read"),
    "data.rows_rejected": ("拒绝行数", "Rows rejected"),
    "data.counts": ("节点与关系的数量", "Nodes and relationships"),
    "data.kind": ("类别", "Kind"),
    "data.name": ("名称", "Name"),
    "data.count": ("数量", "Count"),
    "data.upload": (
        "Excel 工作簿（.xlsx、.xls、.ods）、CSV 文件，或它们的压缩包（.zip）",
        "An Excel workbook (.xlsx, .xls, .ods), a CSV file, or a zip of them",
    ),
    "data.report": ("校验报告", "Validation report"),
    "data.ok": ("校验完成：{tables} 张表，共 {rows} 行可以载入。", "Checked: {tables} tables, {rows} rows can be loaded."),
    "data.problems": ("发现 {errors} 个错误、{warnings} 个提醒。", "{errors} errors and {warnings} warnings found."),
    "data.rejects": ("被拒绝的行（不会载入）", "Rejected rows (not loaded)"),
    "data.load": ("载入，替换当前图数据", "Load it, replacing the current graph"),
    "data.loading": ("正在载入……", "Loading…"),
    "data.loaded": ("已载入：{source}（{rows} 行）", "Loaded: {source} ({rows} rows)"),
    "data.bad_file": ("无法读取这个文件：{msg}", "Cannot read this file: {msg}"),
    "data.atomic": (
        "载入是全有或全无的：出错时当前图数据保持不变。",
        "Loading is all or nothing: if it fails, the current graph stays as it is.",
    ),
    "data.where": ("位置", "Where"),
    "data.column": ("列", "Column"),
    "data.message": ("问题", "Problem"),
    "data.severity": ("级别", "Severity"),
    "data.table": ("表", "Table"),
    "data.files": ("文件", "Files"),
    "data.rows_skipped": ("跳过行数（合计行等）", "Rows skipped (totals etc.)"),
    "data.file": ("文件", "File"),
    "data.row": ("行号", "Row"),
    "data.reason": ("原因", "Reason"),
    "data.rows_loaded": ("可载入行数", "Rows to load"),
    "data.error": ("错误", "error"),
    "data.warning": ("提醒", "warning"),
    "data.would_lose": (
        "载入后，{n} 行（共读取 {read} 行）不会进入图数据。根本原因及其连带影响：",
        "{n} of the {read} rows read would not be loaded. Their root causes and what each drags along:",
    ),
    "data.past_threshold": (
        "这超过了导入的拒绝上限（命令行会拒绝替换图数据）。",
        "That is past the reject threshold (the command line would refuse to replace the graph).",
    ),
    "data.cause_rows": ("本身行数", "Rows"),
    "data.lost_orgs": ("连带党组织", "Organisations lost with it"),
    "data.lost_people": ("连带人员", "People lost with it"),
    "data.lost_links": ("连带关系", "Links lost with it"),
    "data.dragged": ("影响", "What it drags along"),
    "data.accept": ("我已了解：这 {n} 行不载入，仍然替换当前图数据", "I accept: replace the graph without these {n} rows"),
    "data.strict": ("严格模式：有任何一行出错就整体不载入", "Strict: refuse the whole load if any row fails"),
}


def current_lang() -> str:
    """The language of this session: ``st.session_state['lang']`` or the default."""
    try:
        import streamlit as st

        lang = st.session_state.get("lang")
    except Exception:  # noqa: BLE001 - outside a Streamlit run
        lang = None
    return lang if lang in LANGS else _DEFAULT["lang"]


def set_default_lang(lang: str) -> None:
    """The language a new session starts in (from the ``lang`` setting)."""
    if lang in LANGS:
        _DEFAULT["lang"] = lang


def t(key: str, *, lang: str | None = None, **values: Any) -> str:
    """The string ``key`` in ``lang`` (default: the session's), formatted with ``values``.

    Parameters
    ----------
    key : a key of :data:`STRINGS`; an unknown key raises ``KeyError`` (a typo
        should fail the smoke tests, not show a raw key to a planner).
    lang : ``"zh"`` or ``"en"``; ``None`` for the current session's language.
    values : placeholders of the string.

    Returns
    -------
    str
    """
    pair = STRINGS[key]
    text = pair[LANGS.index(lang or current_lang())]
    return text.format(**values) if values else text
