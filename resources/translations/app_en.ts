<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>BatchDialog</name>
    <message>
        <source>批量测算(&amp;B)…</source>
        <translation>Batch estimate (&amp;B)…</translation>
    </message>
    <message>
        <source>批量测算</source>
        <translation>Batch estimate</translation>
    </message>
    <message>
        <source>地区</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>理赔文件</source>
        <translation>Claims file</translation>
    </message>
    <message>
        <source>可选：候选规则文件所在文件夹</source>
        <translation>optional: the folder of a candidate rule file</translation>
    </message>
    <message>
        <source>对比规则文件夹</source>
        <translation>Compare with rules in</translation>
    </message>
    <message>
        <source>开始测算</source>
        <translation>Run</translation>
    </message>
    <message>
        <source>保存人员明细…</source>
        <translation>Save persons…</translation>
    </message>
    <message>
        <source>保存未能读取的行…</source>
        <translation>Save refused rows…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>选择理赔文件</source>
        <translation>Choose a claims file</translation>
    </message>
    <message>
        <source>表格文件 (*.xlsx *.csv);;所有文件 (*)</source>
        <translation>Spreadsheets (*.xlsx *.csv);;All files (*)</translation>
    </message>
    <message>
        <source>选择候选规则文件夹</source>
        <translation>Choose the folder of a candidate rule file</translation>
    </message>
    <message>
        <source>正在测算…</source>
        <translation>Settling…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>保存人员明细</source>
        <translation>Save persons</translation>
    </message>
    <message>
        <source>CSV 文件 (*.csv)</source>
        <translation>CSV file (*.csv)</translation>
    </message>
    <message>
        <source>保存未能读取的行</source>
        <translation>Save refused rows</translation>
    </message>
    <message>
        <source>请选择理赔文件（CSV 或 XLSX）</source>
        <translation>Choose a claims file (CSV or XLSX)</translation>
    </message>
    <message>
        <source>已取消，未保存任何结果。</source>
        <translation>Cancelled; no result was kept.</translation>
    </message>
    <message>
        <source>无法测算：%1</source>
        <translation>Cannot settle: %1</translation>
    </message>
    <message>
        <source>候选规则：</source>
        <translation>Candidate rules: </translation>
    </message>
    <message>
        <source>分等级统筹支付：%1</source>
        <translation>Fund by tier: %1</translation>
    </message>
    <message>
        <source>正在测算… %1 / %2 行</source>
        <translation>Settling… %1 / %2 rows</translation>
    </message>
    <message>
        <source>达到年度限额 %1 人，起付标准已满 %2 人</source>
        <translation>%1 persons reached the annual cap, %2 met the deductible</translation>
    </message>
    <message>
        <source>无法保存 %1：%2</source>
        <translation>Cannot save %1: %2</translation>
    </message>
    <message>
        <source>文件夹 %1 中没有可用的 %2 规则文件</source>
        <translation>The folder %1 holds no usable rule file for %2</translation>
    </message>
    <message>
        <source>差额（候选 − 现行）：统筹支付 %1，达到年度限额 %2 人，起付标准已满 %3 人</source>
        <translation>Difference (candidate − current): fund %1, persons at the cap %2, persons who met the deductible %3</translation>
    </message>
    <message>
        <source>人员 %1，就诊 %2，未能读取的行 %3</source>
        <translation>Persons %1, visits %2, refused rows %3</translation>
    </message>
    <message>
        <source>总费用 %1，政策范围内 %2，统筹支付 %3，个人负担 %4</source>
        <translation>Total %1, policy scope %2, fund %3, patient %4</translation>
    </message>
</context>
<context>
    <name>CaseHeader</name>
    <message>
        <source>统筹地区(&amp;R)</source>
        <translation>&amp;Region</translation>
    </message>
    <message>
        <source>年度(&amp;Y)</source>
        <translation>&amp;Year</translation>
    </message>
    <message>
        <source>人员类别(&amp;C)</source>
        <translation>&amp;Category</translation>
    </message>
    <message>
        <source>出生日期(&amp;B)</source>
        <translation>&amp;Birth date</translation>
    </message>
    <message>
        <source>如 1953-06-15</source>
        <translation>e.g. 1953-06-15</translation>
    </message>
    <message>
        <source>可写 1953-06-15、19530615、1953/6/15 或 1953年6月15日；F4 打开日历</source>
        <translation>Write 1953-06-15, 19530615, 1953/6/15 or 1953年6月15日; F4 opens a calendar</translation>
    </message>
    <message>
        <source>缴费基数（元/月）</source>
        <translation>Contribution base (yuan/month)</translation>
    </message>
    <message>
        <source>在职职工本人参保缴费基数；个人账户每月按其2%划入</source>
        <translation>The employed person's contribution base; the account gets 2% of it each month</translation>
    </message>
    <message>
        <source>选填</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>账户年初余额（元）</source>
        <translation>Account balance on 1 Jan (yuan)</translation>
    </message>
    <message>
        <source>单建统筹(&amp;P)</source>
        <translation>&amp;Pooling only</translation>
    </message>
    <message>
        <source>单建统筹：只参加统筹基金、不建个人账户（如部分灵活就业人员）；个人负担全部为现金</source>
        <translation>Pooling only (单建统筹): insured for the pooling fund without a personal account (e.g. some flexible workers); the patient's share is all cash</translation>
    </message>
    <message>
        <source>个人账户1月1日的余额</source>
        <translation>Personal account balance on 1 January</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>测算单默认只显示前6位和后4位</source>
        <translation>The slip shows only the first 6 and the last 4 characters unless set otherwise</translation>
    </message>
    <message>
        <source>此前已累计起付标准（元）</source>
        <translation>Deductible met before (yuan)</translation>
    </message>
    <message>
        <source>此前已累计统筹基金支付（元）</source>
        <translation>Fund paid before (yuan)</translation>
    </message>
    <message>
        <source>此前已累计起付标准以上费用（元）</source>
        <translation>Cost above the deductible before (yuan)</translation>
    </message>
    <message>
        <source>此前已累计合规费用（元）</source>
        <translation>Compliant cost before (yuan)</translation>
    </message>
    <message>
        <source>医保记录显示本年在第一条录入的就诊之前已累计的起付标准</source>
        <translation>The deductible the insurance record shows as met this year before the first visit entered here</translation>
    </message>
    <message>
        <source>医保记录显示本年在第一条录入的就诊之前统筹基金已支付的金额</source>
        <translation>What the insurance record shows the pooled fund paid this year before the first visit entered here</translation>
    </message>
    <message>
        <source>医保记录显示本年此前起付标准以上的政策范围内费用累计（分段比例用）</source>
        <translation>The policy-scope cost above the deductible so far this year, as the insurance record shows it (for the ratio bands)</translation>
    </message>
    <message>
        <source>医保记录显示本年此前计入门诊统筹累加限额的合规费用（政策范围内费用）累计</source>
        <translation>Compliant (policy-scope) cost the insurance record already counts this year toward the outpatient limit on cost</translation>
    </message>
    <message>
        <source>按省级意见估算</source>
        <translation>Provincial estimate</translation>
    </message>
    <message>
        <source>规则未核实</source>
        <translation>Unverified rules</translation>
    </message>
    <message>
        <source>依据：</source>
        <translation>Source: </translation>
    </message>
    <message>
        <source>比例，如 0.65</source>
        <translation>ratio, e.g. 0.65</translation>
    </message>
    <message>
        <source>找不到地区 %1 的规则文件（未加载或已删除）：案例仍记为该地区，未计算；请选择其他地区，或导入该地区的规则文件</source>
        <translation>No rule file for region %1 (not loaded or deleted): the case still names that region and is not settled; choose another region, or import the region's rule file</translation>
    </message>
    <message>
        <source>%1 起施行</source>
        <translation>in force from %1</translation>
    </message>
    <message>
        <source>%1 年度无有效规则</source>
        <translation>No rules in force in %1</translation>
    </message>
    <message>
        <source>元</source>
        <translation>yuan</translation>
    </message>
    <message>
        <source>元/月</source>
        <translation>yuan/month</translation>
    </message>
    <message>
        <source>必填</source>
        <translation>required</translation>
    </message>
    <message>
        <source>个人账户用，选填</source>
        <translation>for the account, optional</translation>
    </message>
    <message>
        <source>%1 至 %2</source>
        <translation>%1 to %2</translation>
    </message>
    <message>
        <source>默认 %1</source>
        <translation>default %1</translation>
    </message>
</context>
<context>
    <name>DateEdit</name>
    <message>
        <source>选择日期（F4）</source>
        <translation>Choose a date (F4)</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>导入就诊记录</source>
        <translation>Import visits</translation>
    </message>
    <message>
        <source>表格文件 (*.xlsx *.csv);;Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv);;所有文件 (*)</source>
        <translation>Spreadsheets (*.xlsx *.csv);;Excel workbook (*.xlsx);;CSV file (*.csv);;All files (*)</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV 文件，UTF-8 (*.csv)</source>
        <translation>CSV file, UTF-8 (*.csv)</translation>
    </message>
    <message>
        <source>导出就诊记录和测算结果</source>
        <translation>Export visits and results</translation>
    </message>
    <message>
        <source>打印预览 — 测算单</source>
        <translation>Print preview — estimate slip</translation>
    </message>
    <message>
        <source>打印测算单</source>
        <translation>Print the estimate slip</translation>
    </message>
    <message>
        <source>导出测算单 PDF</source>
        <translation>Save the estimate slip as PDF</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF file (*.pdf)</translation>
    </message>
    <message>
        <source>案例</source>
        <translation>case</translation>
    </message>
    <message>
        <source>导入 %1 条就诊记录</source>
        <translation>Import %1 visit(s)</translation>
    </message>
    <message>
        <source>测算单</source>
        <translation>estimate slip</translation>
    </message>
    <message>
        <source>测算单已发送到打印机</source>
        <translation>The estimate slip was sent to the printer</translation>
    </message>
    <message>
        <source>无法导入</source>
        <translation>Cannot import</translation>
    </message>
    <message>
        <source>；%1 行有错误未导入</source>
        <translation>; %1 line(s) with errors not imported</translation>
    </message>
    <message>
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <source>已导出到 %1</source>
        <translation>Exported to %1</translation>
    </message>
    <message>
        <source>无法生成测算单</source>
        <translation>Cannot make the estimate slip</translation>
    </message>
    <message>
        <source>测算单已保存为 %1</source>
        <translation>Estimate slip saved as %1</translation>
    </message>
    <message>
        <source>已从 %1 导入 %2 条就诊记录</source>
        <translation>Imported %2 visit(s) from %1</translation>
    </message>
    <message>
        <source>打印失败</source>
        <translation>Printing failed</translation>
    </message>
    <message>
        <source>案例信息不完整，无法测算：</source>
        <translation>The case is incomplete and cannot be estimated:</translation>
    </message>
    <message>
        <source>无法写入 %1：</source>
        <translation>Cannot write %1:</translation>
    </message>
    <message>
        <source>无法导入 %1，当前案例未作改动。</source>
        <translation>Cannot import %1; the open case is unchanged.</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>导入就诊记录</source>
        <translation>Import visits</translation>
    </message>
    <message>
        <source>可导入的行（按读取结果）：</source>
        <translation>Lines to import, as they were read:</translation>
    </message>
    <message>
        <source>有错误的行也导入（保留原样并标红，可在表格中修改）</source>
        <translation>Also import the lines with errors (kept as typed and shaded red, to fix in the table)</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>（请在文件中修改后重新导入）</source>
        <translation> (fix it in the file and import again)</translation>
    </message>
    <message>
        <source>行号</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>该行内容</source>
        <translation>Cells of the line</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Tier</translation>
    </message>
    <message>
        <source>总费用</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>全自费</source>
        <translation>Self-funded</translation>
    </message>
    <message>
        <source>乙类先行自付</source>
        <translation>Class-B co-pay</translation>
    </message>
    <message>
        <source>可导入 %1 条就诊记录。</source>
        <translation>%1 visit(s) can be imported.</translation>
    </message>
    <message>
        <source>文件中没有就诊记录。</source>
        <translation>The file holds no visits.</translation>
    </message>
    <message>
        <source>文件：%1</source>
        <translation>File: %1</translation>
    </message>
    <message>
        <source>未识别的列（不导入）：%1</source>
        <translation>Columns not recognised (not imported): %1</translation>
    </message>
    <message>
        <source>导入 %1 条</source>
        <translation>Import %1</translation>
    </message>
    <message>
        <source>%1 行有错误，不会导入（除非勾选下方选项）：</source>
        <translation>%1 line(s) have errors and are not imported (unless ticked below):</translation>
    </message>
    <message>
        <source>文件中 %3 个日期里有 %4 个在 %1 年：把案例年度从 %2 改为 %1</source>
        <translation>%4 of the file's %3 dates are in %1: change the case year from %2 to %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>最近打开(&amp;R)</source>
        <translation>&amp;Recent files</translation>
    </message>
    <message>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>语言 / Language</source>
        <translation>Language / 语言</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>新建案例(&amp;N)</source>
        <translation>&amp;New case</translation>
    </message>
    <message>
        <source>打开(&amp;O)…</source>
        <translation>&amp;Open…</translation>
    </message>
    <message>
        <source>保存(&amp;S)</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>另存为(&amp;A)…</source>
        <translation>Save &amp;As…</translation>
    </message>
    <message>
        <source>退出(&amp;Q)</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>导入就诊记录(&amp;I)…</source>
        <translation>&amp;Import visits…</translation>
    </message>
    <message>
        <source>导出(&amp;E)…</source>
        <translation>&amp;Export…</translation>
    </message>
    <message>
        <source>地区规则(&amp;G)…</source>
        <translation>Region rules (&amp;G)…</translation>
    </message>
    <message>
        <source>打印预览(&amp;V)…</source>
        <translation>Print pre&amp;view…</translation>
    </message>
    <message>
        <source>打印测算单(&amp;P)…</source>
        <translation>&amp;Print the estimate slip…</translation>
    </message>
    <message>
        <source>导出测算单 PDF(&amp;D)…</source>
        <translation>Save the slip as P&amp;DF…</translation>
    </message>
    <message>
        <source>测算单显示完整证件号码</source>
        <translation>Print the whole ID number on the slip</translation>
    </message>
    <message>
        <source>全年图表(&amp;C)</source>
        <translation>Year &amp;chart</translation>
    </message>
    <message>
        <source>结算过程</source>
        <translation>Settlement</translation>
    </message>
    <message>
        <source>全年图表</source>
        <translation>The year</translation>
    </message>
    <message>
        <source>添加就诊记录</source>
        <translation>Add a visit</translation>
    </message>
    <message>
        <source>删除所选记录	Del</source>
        <translation>Delete selected visits	Del</translation>
    </message>
    <message>
        <source>粘贴 Excel 行	Ctrl+V</source>
        <translation>Paste Excel rows	Ctrl+V</translation>
    </message>
    <message>
        <source>快捷键(&amp;K)</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <source>关于(&amp;A)</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>未保存的修改</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>当前案例有未保存的修改。是否保存？</source>
        <translation>This case has unsaved changes. Save them?</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>不保存</source>
        <translation>Don't save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>打开案例</source>
        <translation>Open case</translation>
    </message>
    <message>
        <source>另存为</source>
        <translation>Save as</translation>
    </message>
    <message>
        <source>恢复未保存的案例</source>
        <translation>Recover unsaved case</translation>
    </message>
    <message>
        <source>统筹地区</source>
        <translation>region</translation>
    </message>
    <message>
        <source>年度</source>
        <translation>year</translation>
    </message>
    <message>
        <source>人员类别</source>
        <translation>category</translation>
    </message>
    <message>
        <source>出生日期</source>
        <translation>birth date</translation>
    </message>
    <message>
        <source>缴费基数</source>
        <translation>contribution base</translation>
    </message>
    <message>
        <source>账户年初余额</source>
        <translation>opening balance</translation>
    </message>
    <message>
        <source>单建统筹</source>
        <translation>pooling only</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>此前已累计</source>
        <translation>Carried in</translation>
    </message>
    <message>
        <source>未命名案例</source>
        <translation>Untitled case</translation>
    </message>
    <message>
        <source>快捷键</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Enter：确认并移到下一项（日期 → 等级 → 总费用 → 下一行；录入新记录时在最后一行后自动新增）
Esc：取消本格的修改；在未填写的新行上按 Esc 删除该行
Tab / Shift+Tab：下一格 / 上一格
日期：2023-02-10、2023/2/10、20230210、2023年2月10日，本年度内也可写 2-10、0210、2月10日；F4 打开日历
等级单元格：输入 1、2、3… 或名称、简称（一级、三甲、一类、社区…）
空格：勾选或取消“定点”“急诊抢救”“家属”
Delete：删除所选行
Ctrl+V：粘贴从 Excel 复制的行（日期、等级、总费用、全自费、乙类先行自付、定点、急诊）
Ctrl+Z / Ctrl+Y：撤销 / 重做
Ctrl+Enter：添加就诊记录
Ctrl+N / Ctrl+O / Ctrl+S：新建 / 打开 / 保存
Ctrl+I / Ctrl+E：导入 / 导出就诊记录（CSV、Excel）
Ctrl+P：打印测算单</source>
        <translation>Enter: confirm and move on (date → tier → total → next row; while entering new visits, a new row after the last)
Esc: cancel the cell's change; on a new, empty row Esc removes it
Tab / Shift+Tab: next / previous cell
Dates: 2023-02-10, 2023/2/10, 20230210, 2023年2月10日; within the case year also 2-10, 0210, 2月10日; F4 opens a calendar
Tier cell: type 1, 2, 3… or a name or short form (一级, 三甲, 一类, 社区 …)
Space: tick or untick "Designated", "Emergency" and "Family"
Delete: delete the selected rows
Ctrl+V: paste rows copied from Excel (date, tier, total, self-funded, class-B co-pay, designated, emergency)
Ctrl+Z / Ctrl+Y: undo / redo
Ctrl+Enter: add a visit
Ctrl+N / Ctrl+O / Ctrl+S: new / open / save
Ctrl+I / Ctrl+E: import / export visits (CSV, Excel)
Ctrl+P: print the estimate slip</translation>
    </message>
    <message>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <source>职工医保普通门诊统筹报销测算

测算结果仅供参考，以医保经办机构结算为准。</source>
        <translation>Employee medical insurance outpatient pooling estimator

An estimate for reference only; the insurance office's settlement prevails.</translation>
    </message>
    <message>
        <source>修改%1</source>
        <translation>Change %1</translation>
    </message>
    <message>
        <source>请输入不小于0、最多两位小数的金额</source>
        <translation>Enter an amount ≥ 0 with at most 2 decimals</translation>
    </message>
    <message>
        <source>职工医保门诊统筹报销测算</source>
        <translation>Outpatient pooling estimator</translation>
    </message>
    <message>
        <source>门诊统筹案例 (*%1);;所有文件 (*)</source>
        <translation>Outpatient pooling cases (*%1);;All files (*)</translation>
    </message>
    <message>
        <source>门诊统筹案例 (*%1)</source>
        <translation>Outpatient pooling cases (*%1)</translation>
    </message>
    <message>
        <source>保存失败</source>
        <translation>Save failed</translation>
    </message>
    <message>
        <source>已保存 %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <source>上次退出时有未保存的案例（%1）。是否恢复？</source>
        <translation>The last session ended with an unsaved case (%1). Recover it?</translation>
    </message>
    <message>
        <source>地区参数</source>
        <translation>region parameter</translation>
    </message>
    <message>
        <source>定点</source>
        <translation>Designated</translation>
    </message>
    <message>
        <source>急诊抢救</source>
        <translation>Emergency</translation>
    </message>
    <message>
        <source>无法粘贴</source>
        <translation>Cannot paste</translation>
    </message>
    <message>
        <source>粘贴 %1 条就诊记录</source>
        <translation>Paste %1 visits</translation>
    </message>
    <message>
        <source>已粘贴 %1 条就诊记录</source>
        <translation>Pasted %1 visits</translation>
    </message>
    <message>
        <source>无法打开</source>
        <translation>Cannot open</translation>
    </message>
    <message>
        <source>案例</source>
        <translation>case</translation>
    </message>
    <message>
        <source>第 %1 行：</source>
        <translation>Row %1: </translation>
    </message>
    <message>
        <source>无法打开该文件，当前案例未作改动。</source>
        <translation>This file cannot be opened; the current case is unchanged.</translation>
    </message>
    <message>
        <source>无法保存到 %1：</source>
        <translation>Cannot save to %1:</translation>
    </message>
    <message>
        <source>第 %1 行“%2”应为 是/否，而不是“%3”。未粘贴任何记录。</source>
        <translation>Line %1, “%2”: expected yes or no, not “%3”. Nothing was pasted.</translation>
    </message>
</context>
<context>
    <name>Panels</name>
    <message>
        <source>该日无有效规则</source>
        <translation>no rule in force on that date</translation>
    </message>
    <message>
        <source>非定点机构不予支付</source>
        <translation>not paid at a non-designated institution</translation>
    </message>
    <message>
        <source>家属就诊不由统筹基金支付</source>
        <translation>a family member's visit: not paid by the fund</translation>
    </message>
    <message>
        <source>无政策范围内费用</source>
        <translation>no policy-scope cost</translation>
    </message>
    <message>
        <source>年度限额已用完</source>
        <translation>annual cap used up</translation>
    </message>
    <message>
        <source>支付比例为 0</source>
        <translation>ratio is 0%</translation>
    </message>
    <message>
        <source>本年度汇总</source>
        <translation>This year</translation>
    </message>
    <message>
        <source>统筹基金已支付</source>
        <translation>Fund paid</translation>
    </message>
    <message>
        <source>此前已累计</source>
        <translation>Carried in</translation>
    </message>
    <message>
        <source>剩余额度</source>
        <translation>Remaining allowance</translation>
    </message>
    <message>
        <source>医疗总费用</source>
        <translation>Total cost</translation>
    </message>
    <message>
        <source>个人负担</source>
        <translation>Patient pays</translation>
    </message>
    <message>
        <source>分等级统筹支付：</source>
        <translation>Fund paid by tier:</translation>
    </message>
    <message>
        <source>个人账户</source>
        <translation>Personal account</translation>
    </message>
    <message>
        <source>本年划入</source>
        <translation>Credited this year</translation>
    </message>
    <message>
        <source>账户支付</source>
        <translation>Paid from the account</translation>
    </message>
    <message>
        <source>年末余额</source>
        <translation>Balance at year end</translation>
    </message>
    <message>
        <source>现金支付（自掏腰包）</source>
        <translation>Cash out of pocket</translation>
    </message>
    <message>
        <source>起付标准 %1</source>
        <translation>deductible %1</translation>
    </message>
    <message>
        <source>统筹基金 %1</source>
        <translation>fund %1</translation>
    </message>
    <message>
        <source>起付标准以上费用 %1</source>
        <translation>above the deductible %1</translation>
    </message>
    <message>
        <source>合规费用 %1</source>
        <translation>compliant cost %1</translation>
    </message>
    <message>
        <source>缴费基数</source>
        <translation>contribution base</translation>
    </message>
    <message>
        <source>出生日期</source>
        <translation>birth date</translation>
    </message>
    <message>
        <source>下次就诊测算</source>
        <translation>Next visit</translation>
    </message>
    <message>
        <source>政策范围内费用（元）</source>
        <translation>Policy-scope cost (yuan)</translation>
    </message>
    <message>
        <source>起付标准</source>
        <translation>Deductible</translation>
    </message>
    <message>
        <source>起付标准已累计</source>
        <translation>Deductible met</translation>
    </message>
    <message>
        <source>合规费用已累计 / 年度累计合规费用限额</source>
        <translation>Compliant cost counted / annual limit on compliant cost</translation>
    </message>
    <message>
        <source>不予支付：%1</source>
        <translation>not paid: %1</translation>
    </message>
    <message>
        <source>未超过按次起付标准 %1 元</source>
        <translation>not above the per-visit deductible of %1</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Tier</translation>
    </message>
    <message>
        <source>统筹支付</source>
        <translation>Fund pays</translation>
    </message>
    <message>
        <source>比例</source>
        <translation>Ratio</translation>
    </message>
    <message>
        <source>选中一条就诊记录，查看逐步结算过程和政策依据。</source>
        <translation>Select a visit to see how it was settled, step by step, with the rules cited.</translation>
    </message>
    <message>
        <source>无法计算：</source>
        <translation>Cannot settle: </translation>
    </message>
    <message>
        <source>起付标准（按次）本年累计</source>
        <translation>Per-visit deductibles this year</translation>
    </message>
    <message>
        <source>统筹基金已支付 / 年度限额</source>
        <translation>Fund paid / annual cap</translation>
    </message>
    <message>
        <source>起付标准尚余 %1 元</source>
        <translation>deductible left %1</translation>
    </message>
    <message>
        <source>按 %1 就诊、在本年已录入就诊之后结算；★ 为统筹支付最多的等级。</source>
        <translation>A visit on %1, settled after the visits entered this year; ★ marks the tier where the fund pays most.</translation>
    </message>
    <message>
        <source>统筹基金支出</source>
        <translation>fund paid</translation>
    </message>
    <message>
        <source>实际支付起付线</source>
        <translation>deductible applied</translation>
    </message>
    <message>
        <source>个人账户支出</source>
        <translation>account paid</translation>
    </message>
    <message>
        <source>个人现金支出</source>
        <translation>cash paid</translation>
    </message>
    <message>
        <source>不设限额</source>
        <translation>no cap</translation>
    </message>
    <message>
        <source>无有效规则</source>
        <translation>No rules in force</translation>
    </message>
    <message>
        <source>填写%1后可测算个人账户划入、支付和余额。</source>
        <translation>Enter %1 to work out the account: credits, payments and balance.</translation>
    </message>
    <message>
        <source>第 %1 行尚未填写完整。</source>
        <translation>Row %1 is not complete yet.</translation>
    </message>
    <message>
        <source>第 %1 行 · %2</source>
        <translation>Row %1 · %2</translation>
    </message>
    <message>
        <source>实际结算</source>
        <translation>The real settlement</translation>
    </message>
    <message>
        <source>第 %1 行未计算：</source>
        <translation>Row %1 was not settled:</translation>
    </message>
    <message>
        <source>对账（%1 条结算记录）：测算统筹支付 %2，实际 %3，差额 %4</source>
        <translation>Reconciliation (%1 settlements): estimated fund %2, actual %3, difference %4</translation>
    </message>
</context>
<context>
    <name>RuleEditor</name>
    <message>
        <source>已核实</source>
        <translation>Verified</translation>
    </message>
    <message>
        <source>按上下限估算</source>
        <translation>Estimated from bounds</translation>
    </message>
    <message>
        <source>未核实</source>
        <translation>Unverified</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>在职</source>
        <translation>Employed</translation>
    </message>
    <message>
        <source>退休</source>
        <translation>Retired</translation>
    </message>
    <message>
        <source>元</source>
        <translation>yuan</translation>
    </message>
    <message>
        <source>元/月</source>
        <translation>yuan/month</translation>
    </message>
    <message>
        <source>比例</source>
        <translation>ratio</translation>
    </message>
    <message>
        <source>统筹基金</source>
        <translation>pooling fund</translation>
    </message>
    <message>
        <source>个人账户</source>
        <translation>personal account</translation>
    </message>
    <message>
        <source>无年度限额</source>
        <translation>No annual limit</translation>
    </message>
    <message>
        <source>基金支付限额（年度最高支付限额）</source>
        <translation>Limit on fund payout (annual maximum)</translation>
    </message>
    <message>
        <source>合规费用限额（累计合规费用）</source>
        <translation>Limit on compliant (policy-scope) cost</translation>
    </message>
    <message>
        <source>未写明（超过起付标准的费用）</source>
        <translation>Not stated (cost above the deductible)</translation>
    </message>
    <message>
        <source>超过起付标准的费用</source>
        <translation>Cost above the deductible</translation>
    </message>
    <message>
        <source>基金累计支付</source>
        <translation>Fund's cumulative payout</translation>
    </message>
    <message>
        <source>按年度累计</source>
        <translation>Annual (accumulates over the year)</translation>
    </message>
    <message>
        <source>按次</source>
        <translation>Per visit</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>添加一行</source>
        <translation>Add a row</translation>
    </message>
    <message>
        <source>删除所选行</source>
        <translation>Delete selected rows</translation>
    </message>
    <message>
        <source>名称（中文）(&amp;M)</source>
        <translation>Name (Chinese) (&amp;M)</translation>
    </message>
    <message>
        <source>地区编号</source>
        <translation>Region id</translation>
    </message>
    <message>
        <source>名称（英文）</source>
        <translation>Name (English)</translation>
    </message>
    <message>
        <source>核实状态(&amp;V)</source>
        <translation>Status (&amp;V)</translation>
    </message>
    <message>
        <source>状态说明（中文）</source>
        <translation>Status note (Chinese)</translation>
    </message>
    <message>
        <source>状态说明（英文）</source>
        <translation>Status note (English)</translation>
    </message>
    <message>
        <source>基本信息(&amp;1)</source>
        <translation>General (&amp;1)</translation>
    </message>
    <message>
        <source>版本(&amp;B)</source>
        <translation>Version (&amp;B)</translation>
    </message>
    <message>
        <source>新增版本(&amp;W)…</source>
        <translation>New version (&amp;W)…</translation>
    </message>
    <message>
        <source>起付标准</source>
        <translation>Deductible</translation>
    </message>
    <message>
        <source>支付比例与分段</source>
        <translation>Ratios and bands</translation>
    </message>
    <message>
        <source>年度限额</source>
        <translation>Annual limit</translation>
    </message>
    <message>
        <source>不予支付的情形</source>
        <translation>Exclusions</translation>
    </message>
    <message>
        <source>附注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>版本与数值(&amp;2)</source>
        <translation>Version and figures (&amp;2)</translation>
    </message>
    <message>
        <source>输入示例就诊和公开资料中的报销金额；每次修改后自动按本规则重算并对比。</source>
        <translation>Type example visits and the reimbursement published for them; each edit recomputes them with these rules and compares.</translation>
    </message>
    <message>
        <source>示例核对(&amp;3)</source>
        <translation>Examples (&amp;3)</translation>
    </message>
    <message>
        <source>保存(&amp;S)</source>
        <translation>Save (&amp;S)</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>政策文件（来源）</source>
        <translation>Policy documents (sources)</translation>
    </message>
    <message>
        <source>医疗机构等级</source>
        <translation>Hospital tiers</translation>
    </message>
    <message>
        <source>需用户填写的参数</source>
        <translation>Parameters the user supplies</translation>
    </message>
    <message>
        <source>版本编号</source>
        <translation>Version id</translation>
    </message>
    <message>
        <source>生效日期(&amp;F)</source>
        <translation>Effective from (&amp;F)</translation>
    </message>
    <message>
        <source>失效日期（空：仍有效）</source>
        <translation>Effective to (empty: still in force)</translation>
    </message>
    <message>
        <source>最后核对日期</source>
        <translation>Last reviewed</translation>
    </message>
    <message>
        <source>版本依据：文件代号</source>
        <translation>Version source: document</translation>
    </message>
    <message>
        <source>版本依据：条款</source>
        <translation>Version source: article</translation>
    </message>
    <message>
        <source>起付标准类型(&amp;K)</source>
        <translation>Deductible kind (&amp;K)</translation>
    </message>
    <message>
        <source>分段依据</source>
        <translation>Bands measured over</translation>
    </message>
    <message>
        <source>年度限额类型(&amp;L)</source>
        <translation>Annual limit kind (&amp;L)</translation>
    </message>
    <message>
        <source>文件代号</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>条款</source>
        <translation>Article</translation>
    </message>
    <message>
        <source>由“新增版本”设为新版本生效日期的前一天</source>
        <translation>Set by New version to the day before the new version starts</translation>
    </message>
    <message>
        <source>新版本的数值和出处复制自 %1，仍引用原文件：改动数值时请同时改出处。</source>
        <translation>The new version's numbers and sources are copied from %1 and still cite its documents: when you change a number, change its source too.</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>file</translation>
    </message>
    <message>
        <source>将保存为：%1</source>
        <translation>Will be saved as: %1</translation>
    </message>
    <message>
        <source>未保存的修改</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>规则有未保存的修改。是否保存？</source>
        <translation>The rules have unsaved changes. Save them?</translation>
    </message>
    <message>
        <source>文号</source>
        <translation>Document number</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>发布日期</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>地址或文件名</source>
        <translation>Address or file name</translation>
    </message>
    <message>
        <source>等级编号</source>
        <translation>Tier id</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>英文名称</source>
        <translation>English name</translation>
    </message>
    <message>
        <source>别名（用、分隔）</source>
        <translation>Aliases (separated by 、 or ,)</translation>
    </message>
    <message>
        <source>参数编号</source>
        <translation>Parameter id</translation>
    </message>
    <message>
        <source>单位（元、元/月、比例）</source>
        <translation>Unit (yuan, yuan/month, ratio)</translation>
    </message>
    <message>
        <source>默认值</source>
        <translation>Default</translation>
    </message>
    <message>
        <source>最小值</source>
        <translation>Minimum</translation>
    </message>
    <message>
        <source>最大值</source>
        <translation>Maximum</translation>
    </message>
    <message>
        <source>用途（统筹基金/个人账户）</source>
        <translation>For (pooling fund / personal account)</translation>
    </message>
    <message>
        <source>等级（空：全部）</source>
        <translation>Tier (empty: all)</translation>
    </message>
    <message>
        <source>人员类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>起付标准（元）</source>
        <translation>Deductible (yuan)</translation>
    </message>
    <message>
        <source>起始年龄</source>
        <translation>From age</translation>
    </message>
    <message>
        <source>分段起点（元）</source>
        <translation>Band from (yuan)</translation>
    </message>
    <message>
        <source>支付比例</source>
        <translation>Ratio</translation>
    </message>
    <message>
        <source>年度限额（元）</source>
        <translation>Annual limit (yuan)</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>情形</source>
        <translation>Exclusion</translation>
    </message>
    <message>
        <source>英文</source>
        <translation>English</translation>
    </message>
    <message>
        <source>个人账户可付（是/否）</source>
        <translation>Account may pay (yes/no)</translation>
    </message>
    <message>
        <source>账户：文件代号</source>
        <translation>Account: document</translation>
    </message>
    <message>
        <source>账户：条款</source>
        <translation>Account: article</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>示例名称</source>
        <translation>Example</translation>
    </message>
    <message>
        <source>就诊日期</source>
        <translation>Visit date</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Tier</translation>
    </message>
    <message>
        <source>总费用（元）</source>
        <translation>Total (yuan)</translation>
    </message>
    <message>
        <source>应由统筹支付（元）</source>
        <translation>Expected fund payment (yuan)</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>算式</source>
        <translation>Arithmetic</translation>
    </message>
    <message>
        <source>（%1 个数值未注明出处，标为黄色）</source>
        <translation> (%1 number(s) without a source, shown in amber)</translation>
    </message>
    <message>
        <source>编辑地区规则 — %1</source>
        <translation>Edit region rules — %1</translation>
    </message>
    <message>
        <source>保存失败</source>
        <translation>Save failed</translation>
    </message>
    <message>
        <source>已保存到 %1</source>
        <translation>Saved to %1</translation>
    </message>
    <message>
        <source>至今</source>
        <translation>open</translation>
    </message>
    <message>
        <source>✓ 一致</source>
        <translation>✓ agrees</translation>
    </message>
    <message>
        <source>上一版本（%1）的截止日期设为 %2。</source>
        <translation>End date of the previous version (%1) set to %2. </translation>
    </message>
    <message>
        <source>%1 个示例与本规则的计算结果不符</source>
        <translation>%1 example(s) disagree with what these rules compute</translation>
    </message>
    <message>
        <source>—（规则有误，未计算）</source>
        <translation>— (rules invalid, not computed)</translation>
    </message>
    <message>
        <source>无法保存 — %1：%2</source>
        <translation>Cannot save — %1: %2</translation>
    </message>
    <message>
        <source>✗ 不一致：%1</source>
        <translation>✗ disagrees: %1</translation>
    </message>
    <message>
        <source>无法保存到 %1：</source>
        <translation>Cannot save to %1:</translation>
    </message>
    <message>
        <source>未注明出处：本文件将保存为“未核实”</source>
        <translation>No source: this file will be saved as “unverified”</translation>
    </message>
    <message>
        <source>内置（只读）</source>
        <translation>Bundled (read-only)</translation>
    </message>
    <message>
        <source>用户规则</source>
        <translation>User rules</translation>
    </message>
    <message>
        <source>其他文件夹（只读）</source>
        <translation>Other folder (read-only)</translation>
    </message>
    <message>
        <source>地区</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>来源文件</source>
        <translation>Source documents</translation>
    </message>
    <message>
        <source>最后核对</source>
        <translation>Last reviewed</translation>
    </message>
    <message>
        <source>位置</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>小写字母、数字和 _，如 yangzhou</source>
        <translation>lower-case letters, digits and _, e.g. yangzhou</translation>
    </message>
    <message>
        <source>编号须以小写字母开头，只含小写字母、数字和 _</source>
        <translation>The id must start with a lower-case letter and hold only lower-case letters, digits and _</translation>
    </message>
    <message>
        <source>地区规则</source>
        <translation>Region rules</translation>
    </message>
    <message>
        <source>新建自(&amp;N)…</source>
        <translation>New from (&amp;N)…</translation>
    </message>
    <message>
        <source>编辑(&amp;E)…</source>
        <translation>Edit (&amp;E)…</translation>
    </message>
    <message>
        <source>导入(&amp;I)…</source>
        <translation>Import (&amp;I)…</translation>
    </message>
    <message>
        <source>导出(&amp;X)…</source>
        <translation>Export (&amp;X)…</translation>
    </message>
    <message>
        <source>删除(&amp;D)…</source>
        <translation>Delete (&amp;D)…</translation>
    </message>
    <message>
        <source>导入地区规则文件</source>
        <translation>Import a region rule file</translation>
    </message>
    <message>
        <source>规则文件 (*.yaml *.yml)</source>
        <translation>Rule files (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>导出地区规则文件</source>
        <translation>Export a region rule file</translation>
    </message>
    <message>
        <source>删除地区规则</source>
        <translation>Delete region rules</translation>
    </message>
    <message>
        <source>新地区编号(&amp;I)</source>
        <translation>New region id (&amp;I)</translation>
    </message>
    <message>
        <source>中文名称(&amp;Z)</source>
        <translation>Chinese name (&amp;Z)</translation>
    </message>
    <message>
        <source>英文名称(&amp;E)</source>
        <translation>English name (&amp;E)</translation>
    </message>
    <message>
        <source>无法删除</source>
        <translation>Cannot delete</translation>
    </message>
    <message>
        <source>新建自 %1</source>
        <translation>New from %1</translation>
    </message>
    <message>
        <source>请填写中英文名称</source>
        <translation>Enter the Chinese and English names</translation>
    </message>
    <message>
        <source>从未</source>
        <translation>never</translation>
    </message>
    <message>
        <source>内置规则只读：用“新建自…”复制到用户规则文件夹后修改。用户规则文件夹：%1</source>
        <translation>Bundled rules are read-only: copy them into the user rules folder with “New from…” and edit the copy. User rules folder: %1</translation>
    </message>
    <message>
        <source>无法导入</source>
        <translation>Cannot import</translation>
    </message>
    <message>
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <source>已导出到 %1</source>
        <translation>Exported to %1</translation>
    </message>
    <message>
        <source>已删除 %1</source>
        <translation>Deleted %1</translation>
    </message>
    <message>
        <source>已有编号为 %1 的地区</source>
        <translation>A region with the id %1 exists already</translation>
    </message>
    <message>
        <source>（%1 个数值未注明出处）</source>
        <translation> (%1 number(s) without a source)</translation>
    </message>
    <message>
        <source>未能加载的规则文件：</source>
        <translation>Rule files that did not load:</translation>
    </message>
    <message>
        <source>文件未导入，规则未作任何修改：</source>
        <translation>The file was not imported; no rules were changed:</translation>
    </message>
    <message>
        <source>无法写入用户规则文件夹：</source>
        <translation>Cannot write to the user rules folder:</translation>
    </message>
    <message>
        <source>地区 %1 的规则正在编辑：请先关闭编辑窗口。</source>
        <translation>The rules of %1 are open in the editor: close the editor first.</translation>
    </message>
    <message>
        <source>用户规则中已有地区 %1。是否用导入的文件替换？</source>
        <translation>The user rules already have region %1. Replace it with the imported file?</translation>
    </message>
    <message>
        <source>文件的地区编号 %1 与内置地区相同，未导入。请先用“新建自…”建立副本，或在文件中改用新的编号。</source>
        <translation>The file's region id %1 is a bundled region's; it was not imported. Make a copy with “New from…” first, or give the file a new id.</translation>
    </message>
    <message>
        <source>无法删除 %1：</source>
        <translation>Cannot delete %1:</translation>
    </message>
    <message>
        <source>删除地区 %1（%2）的规则文件？
%3
删除后无法恢复；如需保留，请先导出。</source>
        <translation>Delete the rule file of %1 (%2)?
%3
This cannot be undone; to keep a copy, export it first.</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>新增版本</source>
        <translation>New version</translation>
    </message>
    <message>
        <source>请输入日期，如 2024-01-01</source>
        <translation>Enter a date, e.g. 2024-01-01</translation>
    </message>
    <message>
        <source>新版本生效日期(&amp;F)</source>
        <translation>New version starts on (&amp;F)</translation>
    </message>
    <message>
        <source>新版本复制“%1”的全部数值和出处（仍引用原文件，改动数值时请同时改出处）；仍有效的上一版本截止于新版本生效日期的前一天。</source>
        <translation>The new version copies every number and source of “%1” (they still cite its documents: when you change a number, change its source too); the version still in force ends the day before the new one starts.</translation>
    </message>
    <message>
        <source>新版本须不早于 %1（晚于已有各版本的起止日期）</source>
        <translation>The new version must start on %1 or later (after every existing version's start and end)</translation>
    </message>
</context>
<context>
    <name>VisitsModel</name>
    <message>
        <source>就诊日期：可写 2023-02-10、2023/2/10、20230210、2023年2月10日，本年度内也可写 2-10、0210、2月10日；F4 打开日历</source>
        <translation>Date of the visit: 2023-02-10, 2023/2/10, 20230210 or 2023年2月10日; within the case year also 2-10, 0210 or 2月10日; F4 opens a calendar</translation>
    </message>
    <message>
        <source>就诊机构的等级或收费类别（外配处方按开方机构）：输入序号 1、2、3，或名称、简称（如 一级、三甲、一类、社区）</source>
        <translation>Tier or fee class of the institution (for an external prescription, the prescribing one): type its number 1, 2, 3, or its name or a short form (一级, 三甲, 一类, 社区 …)</translation>
    </message>
    <message>
        <source>本次医疗总费用（元）</source>
        <translation>Total cost of the visit (yuan)</translation>
    </message>
    <message>
        <source>目录外全自费金额（元），统筹基金不支付</source>
        <translation>Self-funded items outside the catalogues (yuan); the fund never pays them</translation>
    </message>
    <message>
        <source>乙类项目先行自付部分（元），不计入政策范围</source>
        <translation>Class-B co-pay paid first (yuan); not in the policy scope</translation>
    </message>
    <message>
        <source>是否在定点医药机构就医</source>
        <translation>At a designated institution?</translation>
    </message>
    <message>
        <source>是否急诊抢救（部分地区非定点急诊抢救可支付）</source>
        <translation>Emergency rescue? (some regions pay it at non-designated places)</translation>
    </message>
    <message>
        <source>本地区规定的不予支付情形（如工伤、第三人负担）</source>
        <translation>A reason this region's fund does not pay (work injury, third party …)</translation>
    </message>
    <message>
        <source>家庭成员就医、由本人个人账户支付（家庭共济）：统筹不支付，不计入起付标准</source>
        <translation>A family member's visit paid from this account (家庭共济): the fund pays nothing and it does not count toward the deductible</translation>
    </message>
    <message>
        <source>个人负担中由个人账户支付的部分（按月划入后的余额）</source>
        <translation>The part of the patient share paid from the personal account (balance after the monthly credits)</translation>
    </message>
    <message>
        <source>个人负担中账户不足、需现金支付的部分</source>
        <translation>The part of the patient share the account cannot cover: paid in cash</translation>
    </message>
    <message>
        <source>政策范围内费用 = 总费用 − 全自费 − 乙类先行自付</source>
        <translation>Policy scope = total − self-funded − class-B co-pay</translation>
    </message>
    <message>
        <source>本次计入起付标准的金额</source>
        <translation>Deductible applied at this visit</translation>
    </message>
    <message>
        <source>统筹基金支付</source>
        <translation>Paid by the pooling fund</translation>
    </message>
    <message>
        <source>个人负担 = 总费用 − 统筹支付（个人账户或现金）</source>
        <translation>Patient pays = total − fund (personal account or cash)</translation>
    </message>
    <message>
        <source>本次结算的说明</source>
        <translation>Notes on this settlement</translation>
    </message>
    <message>
        <source>导入的结算记录中实际的统筹基金支出</source>
        <translation>The fund actually paid, from the imported settlement record</translation>
    </message>
    <message>
        <source>差额 = 测算统筹支付 − 实际统筹支付；可能原因见结算过程</source>
        <translation>Difference = estimated fund − actual fund; the likely reason is in the settlement steps</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>医疗机构等级</source>
        <translation>Tier</translation>
    </message>
    <message>
        <source>总费用</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>全自费</source>
        <translation>Self-funded</translation>
    </message>
    <message>
        <source>乙类先行自付</source>
        <translation>Class-B co-pay</translation>
    </message>
    <message>
        <source>不予支付情形</source>
        <translation>Exclusion</translation>
    </message>
    <message>
        <source>定点</source>
        <translation>Designated</translation>
    </message>
    <message>
        <source>急诊抢救</source>
        <translation>Emergency</translation>
    </message>
    <message>
        <source>家属</source>
        <translation>Family</translation>
    </message>
    <message>
        <source>政策范围内</source>
        <translation>Policy scope</translation>
    </message>
    <message>
        <source>计入起付</source>
        <translation>Deductible</translation>
    </message>
    <message>
        <source>统筹支付</source>
        <translation>Fund pays</translation>
    </message>
    <message>
        <source>个人负担</source>
        <translation>Patient pays</translation>
    </message>
    <message>
        <source>账户支付</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>现金支付</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>实际统筹支付</source>
        <translation>Actual fund</translation>
    </message>
    <message>
        <source>差额</source>
        <translation>Difference</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>未计算：有无效单元格</source>
        <translation>Not settled: a cell is invalid</translation>
    </message>
    <message>
        <source>未计算：案例信息不完整</source>
        <translation>Not settled: the case header is incomplete</translation>
    </message>
    <message>
        <source>删除 %1 条就诊记录</source>
        <translation>Delete %1 visits</translation>
    </message>
    <message>
        <source>编辑第 %1 行 %2</source>
        <translation>Edit row %1 %2</translation>
    </message>
</context>
<context>
    <name>YearChart</name>
    <message>
        <source>全年累计</source>
        <translation>The year so far</translation>
    </message>
    <message>
        <source>分等级统筹支付（元）</source>
        <translation>Fund paid by tier (yuan)</translation>
    </message>
    <message>
        <source>统筹基金累计支付</source>
        <translation>Fund paid (cumulative)</translation>
    </message>
    <message>
        <source>合规费用累计</source>
        <translation>Compliant cost counted</translation>
    </message>
    <message>
        <source>起付标准累计</source>
        <translation>Deductible met (cumulative)</translation>
    </message>
    <message>
        <source>年度起付标准</source>
        <translation>Annual deductible</translation>
    </message>
    <message>
        <source>统筹支付</source>
        <translation>Fund pays</translation>
    </message>
    <message>
        <source>年度累计合规费用限额</source>
        <translation>Annual limit on compliant cost</translation>
    </message>
    <message>
        <source>年度最高支付限额</source>
        <translation>Annual cap</translation>
    </message>
</context>
</TS>
