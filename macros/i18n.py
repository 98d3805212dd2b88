"""UI strings of the site in every language; data text lives in data/kb.yaml, not here.

Strings are trusted Markdown written by this project. Placeholders use str.format names, and
everything substituted into them from the data must already be escaped by the caller.
Other modules may append keys; keep each key's English and Japanese together.
"""

from __future__ import annotations

import html
import re
import string

T: dict[str, dict[str, str]] = {
    # --- shared vocabulary -------------------------------------------------------------------
    "sep.list": {"en": ", ", "ja": "、"},
    "sep.and": {"en": " and ", "ja": "と"},
    "mark.unconfirmed": {"en": "unconfirmed", "ja": "未確認"},
    "unconfirmed.explain": {
        "en": "**(unconfirmed)** marks a value or statement that AWS documentation does not state "
              "outright. It is probably right, but check it yourself before you rely on it.",
        "ja": "**(未確認)** は、AWS ドキュメントに明記されていない値や記述を示します。おそらく正しい"
              "内容ですが、前提にする前にご自身でも確認してください。",
    },
    "label.source": {"en": "Source", "ja": "出典"},
    "label.sources": {"en": "Sources", "ja": "出典"},
    "label.note": {"en": "Note", "ja": "補足"},
    "notes.title": {"en": "Notes on this table:", "ja": "この表の注記:"},
    "none_listed": {"en": "None listed", "ja": "特になし"},
    "date.format": {"en": "{y:04d}-{m:02d}-{d:02d}", "ja": "{y} 年 {m} 月 {d} 日"},
    "os.linux": {"en": "Linux", "ja": "Linux"},
    "os.windows": {"en": "Windows", "ja": "Windows"},
    "os.macos": {"en": "macOS", "ja": "macOS"},
    "ui.terminal": {"en": "terminal", "ja": "ターミナル"},
    "ui.desktop": {"en": "remote desktop", "ja": "リモートデスクトップ"},
    "ui.browser": {"en": "browser", "ja": "ブラウザ"},
    "ui.per_os": {"en": "{os}: {uis}", "ja": "{os}: {uis}"},
    "dur.hour.one": {"en": "{n} hour", "ja": "{n} 時間"},
    "dur.hour.other": {"en": "{n} hours", "ja": "{n} 時間"},
    "dur.minute.one": {"en": "{n} minute", "ja": "{n} 分"},
    "dur.minute.other": {"en": "{n} minutes", "ja": "{n} 分"},
    "dur.seconds": {"en": "{n} s", "ja": "{n} 秒"},
    "dur.full": {"en": "{human} ({seconds})", "ja": "{human} ({seconds})"},
    # --- table columns -------------------------------------------------------------------------
    "col.method": {"en": "Method", "ja": "接続方法"},
    "col.instance_os": {"en": "Instance OS", "ja": "インスタンスの OS"},
    "col.client_os": {"en": "Your computer", "ja": "接続元の OS"},
    "col.protocol": {"en": "Port / protocol", "ja": "ポート / プロトコル"},
    "col.tools": {"en": "Client tools", "ja": "接続ツール"},
    "col.prerequisites": {"en": "Prerequisites", "ja": "前提条件"},
    "col.benefits": {"en": "Benefits", "ja": "メリット"},
    "col.limitations": {"en": "Limitations", "ja": "制限事項"},
    "col.summary": {"en": "Summary", "ja": "概要"},
    "col.item": {"en": "Item", "ja": "項目"},
    "col.value": {"en": "This method", "ja": "この方法"},
    "col.capability": {"en": "Capability", "ja": "項目"},
    # --- capability names (column headers) and value labels ------------------------------------
    "cap.inbound_from_client": {"en": "Inbound rule needed", "ja": "インバウンドルール"},
    "cap.public_ip": {"en": "Public IP needed", "ja": "パブリック IP"},
    "cap.agent": {"en": "Agent on the instance", "ja": "インスタンス側のエージェント"},
    "cap.instance_egress": {"en": "Instance egress needed", "ja": "インスタンスからのアウトバウンド通信"},
    "cap.iam_controlled": {"en": "IAM-controlled access", "ja": "IAM によるアクセス制御"},
    "cap.connection_audit": {"en": "Connection audit", "ja": "接続の監査ログ"},
    "cap.session_logging": {"en": "Session logging", "ja": "セッションログ"},
    "cap.ssh_keys": {"en": "SSH keys to manage", "ja": "SSH キーの管理"},
    "cap.bulk_transfer": {"en": "Bulk transfer", "ja": "大量データ転送"},
    "cap.max_session": {"en": "Maximum session length", "ja": "最大セッション時間"},
    "cap.interfaces": {"en": "Interfaces", "ja": "操作方法"},
    "cap.extra_cost": {"en": "Extra cost", "ja": "追加コスト"},
    "cap.server_to_maintain": {"en": "Server to maintain", "ja": "保守が必要なサーバー"},
    "cap.rescue_access": {"en": "Rescue access (broken network)", "ja": "障害時の復旧用アクセス"},
    "cap.instance_os": {"en": "Instance OS", "ja": "インスタンスの OS"},
    "cap.client_os": {"en": "Your computer", "ja": "接続元の OS"},
    "cap.reach": {"en": "Network path from your computer", "ja": "接続元からのネットワーク経路"},
    "val.inbound_from_client.true": {"en": "Required", "ja": "必要"},
    "val.inbound_from_client.false": {"en": "Not needed", "ja": "不要"},
    "val.public_ip.required": {"en": "Required", "ja": "必要"},
    "val.public_ip.or-private": {"en": "Public IP or private network",
                                 "ja": "パブリック IP またはプライベート接続"},
    "val.public_ip.not-needed": {"en": "Not needed", "ja": "不要"},
    "val.agent.none": {"en": "None", "ja": "不要"},
    "val.agent.ssm-agent": {"en": "SSM Agent", "ja": "SSM Agent"},
    "val.agent.eic-package": {"en": "EC2 Instance Connect package",
                              "ja": "EC2 Instance Connect パッケージ"},
    "val.instance_egress.true": {"en": "Required", "ja": "必要"},
    "val.instance_egress.false": {"en": "Not needed", "ja": "不要"},
    "val.iam_controlled.true": {"en": "Yes", "ja": "可能"},
    "val.iam_controlled.false": {"en": "No", "ja": "不可"},
    "val.connection_audit.true": {"en": "Logged", "ja": "記録される"},
    "val.connection_audit.false": {"en": "Not logged", "ja": "記録されない"},
    "val.session_logging.none": {"en": "None", "ja": "なし"},
    "val.session_logging.commands": {"en": "Session commands", "ja": "セッション内のコマンド"},
    "val.session_logging.recording": {"en": "Session recording", "ja": "セッションの録画"},
    "val.ssh_keys.required": {"en": "Required", "ja": "必要"},
    "val.ssh_keys.optional": {"en": "Optional", "ja": "任意"},
    "val.ssh_keys.none": {"en": "Not needed", "ja": "不要"},
    "val.bulk_transfer.true": {"en": "Suited", "ja": "向いている"},
    "val.bulk_transfer.false": {"en": "Not suited", "ja": "向かない"},
    "val.max_session.none": {"en": "No limit", "ja": "制限なし"},
    "val.extra_cost.true": {"en": "Yes", "ja": "あり"},
    "val.extra_cost.false": {"en": "None", "ja": "なし"},
    "val.server_to_maintain.true": {"en": "Yes", "ja": "あり"},
    "val.server_to_maintain.false": {"en": "None", "ja": "なし"},
    "val.rescue_access.true": {"en": "Yes", "ja": "可能"},
    "val.rescue_access.false": {"en": "No", "ja": "不可"},
    # --- /compare/ -----------------------------------------------------------------------------
    "compare.title": {"en": "Compare the connection methods", "ja": "接続方法の比較"},
    "compare.intro": {
        "en": "Every way of connecting to an EC2 instance that this guide covers, side by side. The "
              "first four tables follow the Japanese article this guide grew from; the last one "
              "answers the questions that usually decide between methods. Select a method to open "
              "its page, where every statement links to its AWS source.",
        "ja": "このガイドで扱う EC2 インスタンスへの接続方法を並べて比較します。最初の 4 つの表は元に"
              "なった日本語の記事の構成に沿っており、最後の表には接続方法を選ぶときに決め手になる項目を"
              "まとめています。接続方法の名前を選ぶとその方法のページが開き、各記述の根拠となる AWS "
              "ドキュメントを確認できます。",
    },
    "compare.h.os-and-ports": {"en": "Instance OS, ports and tools",
                               "ja": "インスタンスの OS、ポート、ツール"},
    "compare.h.prerequisites": {"en": "Prerequisites", "ja": "前提条件"},
    "compare.h.benefits": {"en": "Benefits", "ja": "メリット"},
    "compare.h.limitations": {"en": "Limitations", "ja": "制限事項"},
    "compare.h.capabilities": {"en": "Capabilities and requirements",
                               "ja": "機能と要件の比較"},
    "compare.lead.os-and-ports": {
        "en": "Which instances each method reaches, which computers you can connect from, and the "
              "port and tools it uses.",
        "ja": "各方法で接続できるインスタンスの OS、接続元として使えるパソコンの OS、使用するポートと"
              "ツールです。",
    },
    "compare.lead.prerequisites": {
        "en": "What must be in place before the first connection.",
        "ja": "初めて接続する前に整えておく必要があるものです。",
    },
    "compare.lead.benefits": {"en": "What each method does well.", "ja": "各方法の主な利点です。"},
    "compare.lead.limitations": {
        "en": "What each method cannot do, with the figures AWS documents.",
        "ja": "各方法の制約です。数値は AWS ドキュメントに記載された値です。",
    },
    "compare.lead.capabilities": {
        "en": "The points that usually decide between methods. “Public IP needed” follows from where "
              "your computer may be: a method that works with no network path from your computer "
              "needs no public IP on the instance.",
        "ja": "接続方法を選ぶときに決め手になる項目です。「パブリック IP」の列は、接続元からインスタンス"
              "までのネットワーク経路の要否から求めています。経路がまったくなくても使える方法なら、"
              "インスタンスにパブリック IP は不要です。",
    },
    "compare.sources_note": {
        "en": "The sources for every value are listed on each method's page under “Sources”; the "
              "[list of methods]({index}) links to every page.",
        "ja": "各値の出典は、それぞれの接続方法のページの「出典」に記載しています。各ページへは"
              "[接続方法の一覧]({index})から移動できます。",
    },
    "compare.note.cap": {"en": "{method}, {column}: {text}", "ja": "{method}の「{column}」: {text}"},
    "compare.note.row": {"en": "{method}: {text}", "ja": "{method}: {text}"},
    # --- /methods/ and /methods/<id>/ ------------------------------------------------------------
    "methods.title": {"en": "Connection methods", "ja": "接続方法の一覧"},
    "methods.intro": {
        "en": "The {n} ways of connecting to an EC2 instance that this guide covers. Each page gives "
              "the prerequisites, the limitations, the commands to connect and the AWS pages behind "
              "every statement.",
        "ja": "このガイドで扱う、EC2 インスタンスへの{n}種類の接続方法です。各ページに前提条件、制限"
              "事項、接続コマンド、各記述の根拠となる AWS ドキュメントをまとめています。",
    },
    "methods.outro": {
        "en": "To see them side by side, open the [comparison]({compare}); to pick one for your "
              "situation, use the [decision tree]({decide}).",
        "ja": "並べて比べるには[比較表]({compare})を、状況に合う方法を選ぶには"
              "[ディシジョンツリー]({decide})をご覧ください。",
    },
    "method.h.at-a-glance": {"en": "At a glance", "ja": "概要"},
    "method.h.prerequisites": {"en": "Prerequisites", "ja": "前提条件"},
    "method.h.benefits": {"en": "Benefits", "ja": "メリット"},
    "method.h.limitations": {"en": "Limitations", "ja": "制限事項"},
    "method.h.how-to-connect": {"en": "How to connect", "ja": "接続手順"},
    "method.h.when-to-use": {"en": "When to use it", "ja": "使いどころ"},
    "method.h.changes": {"en": "What changed since the article", "ja": "元の記事からの変更点"},
    "method.h.sources": {"en": "Sources", "ja": "出典"},
    "method.glance.verified": {
        "en": "The facts on this page were last checked against AWS documentation on {date}.",
        "ja": "このページの内容は{date}に AWS ドキュメントと照合しました。",
    },
    "method.glance.links": {
        "en": "See how it compares with the others in the [capability table]({compare}), or let the "
              "[decision tree]({decide}) choose a method for your situation.",
        "ja": "ほかの方法との違いは[比較表]({compare})で、状況に合う方法は"
              "[ディシジョンツリー]({decide})で確認できます。",
    },
    "method.prereq.lead": {"en": "Check each item before you connect:",
                           "ja": "接続する前に、次の項目を確認してください。"},
    "method.prereq.none": {
        "en": "Nothing beyond the general requirements for connecting to any instance.",
        "ja": "インスタンスへの接続に共通する一般的な条件のほかに、特別な前提条件はありません。",
    },
    "method.benefits.none": {"en": "No particular benefits are recorded for this method.",
                             "ja": "この方法に特有のメリットは記録されていません。"},
    "method.limitations.none": {"en": "No particular limitations are recorded for this method.",
                                "ja": "この方法に特有の制限事項は記録されていません。"},
    "method.connect.lead": {
        "en": "Replace the instance IDs, key files and user names in the examples with your own.",
        "ja": "例に含まれるインスタンス ID、キーファイル、ユーザー名は、ご自身の環境に合わせて"
              "置き換えてください。",
    },
    "method.connect.none": {"en": "No command-line steps are recorded for this method.",
                            "ja": "この方法のコマンド手順は記録されていません。"},
    "method.use_when.h": {"en": "Use it when", "ja": "この方法が向いているケース"},
    "method.avoid_when.h": {"en": "Choose another method when", "ja": "別の方法を選ぶべきケース"},
    "method.avoid.instead": {"en": "{text} Use {link} instead.",
                             "ja": "{text}この場合は{link}を検討してください。"},
    "method.changes.lead": {
        "en": "What AWS has changed since the article was written, with the page that says so.",
        "ja": "元の記事の執筆後に AWS 側で変わった点と、その根拠となるページです。",
    },
    "method.changes.none": {
        "en": "Nothing has changed for this method since the article was written (checked on {date}).",
        "ja": "元の記事の執筆後、この方法について変わった点はありません ({date}確認)。",
    },
    "method.changes.since": {"en": "Since {since}:", "ja": "{since}以降:"},
    "method.sources.lead": {
        "en": "Every AWS page cited on this page. The small numbers next to a statement refer to "
              "this list.",
        "ja": "このページで参照している AWS ドキュメントです。各記述に付いている小さな番号は、この"
              "一覧の番号に対応しています。",
    },
    "method.sources.checked": {"en": "checked on {date}", "ja": "{date}確認"},
    "method.sources.last": {"en": "This page was last verified on {date}.",
                            "ja": "このページの最終確認日は{date}です。"},
    # --- / (home) --------------------------------------------------------------------------------
    "home.title": {"en": "EC2 connection guide", "ja": "EC2 接続ガイド"},
    "home.question": {
        "en": "How should you connect to an EC2 instance, and what can replace your bastion host? "
              "This guide answers both from AWS documentation, in English and Japanese.",
        "ja": "EC2 インスタンスにはどの方法で接続すればよいのか、踏み台サーバーは何に置き換えられる"
              "のか。このガイドは、AWS ドキュメントをもとにこの 2 つの問いに答えます。",
    },
    "home.h.start": {"en": "Where to start", "ja": "目的から探す"},
    "home.card.decide.title": {"en": "Find your method", "ja": "接続方法を選ぶ"},
    "home.card.decide.text": {
        "en": "Answer a few questions about the instance, your computer and your network. The "
              "decision tree recommends methods and explains why the others do not fit.",
        "ja": "インスタンス、手元のパソコン、ネットワークについての質問に答えると、推奨する接続方法と、"
              "ほかの方法が合わない理由を示します。",
    },
    "home.card.compare.title": {"en": "Compare the methods", "ja": "接続方法を比較する"},
    "home.card.compare.text": {
        "en": "All {n} methods side by side: operating systems, ports, prerequisites, limitations "
              "and capabilities.",
        "ja": "{n}種類の接続方法の OS、ポート、前提条件、制限事項、機能を表で比較します。",
    },
    "home.card.bastion.title": {"en": "Replace a bastion host", "ja": "踏み台サーバーを置き換える"},
    "home.card.bastion.text": {
        "en": "What a bastion host is for, which methods do the same job without one, and when a "
              "bastion is still the right choice.",
        "ja": "踏み台サーバーの役割、踏み台なしで同じ役割を果たせる接続方法、今でも踏み台が適している"
              "ケースを説明します。",
    },
    "home.h.methods": {"en": "The methods", "ja": "接続方法"},
    "home.methods.all": {"en": "All methods with their instance OS: [connection methods]({index}).",
                         "ja": "対象 OS を含む一覧は[接続方法の一覧]({index})をご覧ください。"},
    "home.verified": {
        "en": "Every statement links to the AWS documentation page it comes from; the facts were "
              "last checked on {date}.",
        "ja": "すべての記述に根拠となる AWS ドキュメントへのリンクを付けています。最終確認日は"
              "{date}です。",
    },
    "home.h.about": {"en": "About this guide", "ja": "このガイドについて"},
    # --- /bastion/ -------------------------------------------------------------------------------
    "bastion.title": {"en": "Replacing a bastion host", "ja": "踏み台サーバーを置き換える"},
    "bastion.intro": {
        "en": "Many teams reach their EC2 instances through a bastion host. Before replacing one, be "
              "clear about what it does for you, then check which methods do the same job. "
              "Everything below is computed from the same data as the [comparison]({compare}).",
        "ja": "多くのチームが踏み台サーバー経由で EC2 インスタンスに接続しています。置き換える前に、"
              "踏み台が何のためにあるのかを整理し、同じ役割を果たせる接続方法を確認しましょう。以下の"
              "内容はすべて[比較表]({compare})と同じデータから求めています。",
    },
    "bastion.h.purposes": {"en": "What a bastion host is for", "ja": "踏み台サーバーの目的"},
    "bastion.purposes.lead": {"en": "A bastion usually serves three security purposes.",
                              "ja": "踏み台サーバーには、一般に次の 3 つのセキュリティ上の目的があります。"},
    "bastion.p.restrict.h": {"en": "Restrict the way in", "ja": "アクセス経路を限定する"},
    "bastion.p.restrict.what": {
        "en": "Every connection passes one controlled point instead of going straight to the "
              "instances.",
        "ja": "インスタンスへ直接接続させず、管理された 1 つの入口を必ず経由させます。",
    },
    "bastion.p.restrict.rule": {
        "en": "Without a bastion, a method does this when it needs no inbound rule from your network "
              "and access to it is controlled by IAM.",
        "ja": "踏み台を使わない場合は、自分のネットワークからのインバウンドルールが不要で、IAM で"
              "アクセスを制御できる方法がこの目的を満たします。",
    },
    "bastion.p.logs.h": {"en": "Keep access logs in one place", "ja": "アクセスログを一元管理する"},
    "bastion.p.logs.what": {
        "en": "Every login is recorded in one place, so you can tell who reached which instance and "
              "when.",
        "ja": "すべてのログインを 1 か所に記録し、誰がいつどのインスタンスに接続したかを追えるように"
              "します。",
    },
    "bastion.p.logs.rule": {
        "en": "A method does this when AWS logs each connection centrally. Methods that can also "
              "record what happens inside a session say what they record.",
        "ja": "AWS 側で接続ごとのログを一元的に記録できる方法がこの目的を満たします。セッション内の"
              "操作まで記録できる方法には、記録できる内容を併記しています。",
    },
    "bastion.p.protect.h": {"en": "Protect the internal network", "ja": "内部ネットワークを保護する"},
    "bastion.p.protect.what": {
        "en": "The instances stay out of reach from outside; only the bastion is exposed.",
        "ja": "インスタンスを外部から到達できない場所に置き、外部に公開するのは踏み台だけにします。",
    },
    "bastion.p.protect.rule": {
        "en": "A method does this when it needs no inbound rule from your network and no public IP "
              "on the instance, because it works with no network path from your computer at all.",
        "ja": "自分のネットワークからのインバウンドルールも、インスタンスのパブリック IP も不要な方法が"
              "この目的を満たします。接続元からインスタンスまでのネットワーク経路がまったくなくても"
              "使えるためです。",
    },
    "bastion.meets": {"en": "Methods that meet it: {links}.", "ja": "この目的を満たす方法: {links}"},
    "bastion.meets.none": {"en": "None of the methods meets it.",
                           "ja": "この目的を満たす方法はありません。"},
    "bastion.logs.extra": {"en": "{link} (session logging: {label})",
                           "ja": "{link} (セッションログ: {label})"},
    "bastion.h.pair": {"en": "Why {names}", "ja": "{names}を選ぶ理由"},
    "bastion.pair.lead": {
        "en": "{n} methods meet all three purposes. Of these, {names} are meant for everyday access "
              "to both Linux and Windows instances, which makes them the natural replacement for a "
              "bastion host.",
        "ja": "3 つの目的をすべて満たす方法は{n}種類あります。そのうち Linux と Windows の両方の"
              "インスタンスに日常的に接続できるのが{names}で、踏み台サーバーの自然な置き換え先になり"
              "ます。",
    },
    "bastion.pair.none": {
        "en": "No method meets all three purposes for everyday access to both Linux and Windows "
              "instances.",
        "ja": "Linux と Windows の両方のインスタンスへの日常的な接続で、3 つの目的をすべて満たす方法は"
              "ありません。",
    },
    "bastion.pair.other.os": {
        "en": "{link} also meets all three, but it only reaches {oses} instances.",
        "ja": "{link}も 3 つの目的を満たしますが、接続できるのは{oses}インスタンスだけです。",
    },
    "bastion.pair.other.rescue": {
        "en": "{link} also meets all three, but it is meant for troubleshooting, not everyday access.",
        "ja": "{link}も 3 つの目的を満たしますが、日常の接続ではなく障害時の復旧に使う方法です。",
    },
    "bastion.pair.both": {"en": "What they have in common:", "ja": "共通する点:"},
    "bastion.pair.diff": {"en": "Where they differ:", "ja": "異なる点:"},
    "bastion.h.which": {"en": "When to use which", "ja": "使い分け"},
    "bastion.which.lead": {"en": "Choose by the task at hand:",
                           "ja": "作業の内容に応じて、次のように使い分けます。"},
    "bastion.which.admin": {
        "en": "Everyday administration, with nothing to install on the instance and no outbound "
              "access from it",
        "ja": "インスタンスへのソフトウェア導入もアウトバウンド通信も不要な、日常の管理作業",
    },
    "bastion.which.bulk": {"en": "Moving large amounts of data", "ja": "大量のデータ転送"},
    "bastion.which.long": {"en": "Sessions longer than {limit}", "ja": "{limit}を超えるセッション"},
    "bastion.which.logging": {"en": "Recording what is done inside a session",
                              "ja": "セッション内の操作の記録"},
    "bastion.which.item": {"en": "**{situation}**: {links}. {contrast}",
                           "ja": "**{situation}**: {links}。{contrast}"},
    "bastion.which.contrast": {"en": "{method} — {column}: {label}{extra}.",
                               "ja": "{method}の「{column}」は「{label}」です{extra}。"},
    "bastion.which.examples": {"en": "Worked examples: {links}.", "ja": "具体例: {links}"},
    "bastion.h.cost": {"en": "What a bastion costs to keep", "ja": "踏み台サーバーの維持コスト"},
    "bastion.cost.lead": {
        "en": "A bastion is an instance of its own: you pay for it, patch it and guard its open "
              "port. What the data for {link} says:",
        "ja": "踏み台サーバーもそれ自体が 1 台のインスタンスです。費用がかかり、パッチを適用し、開いて"
              "いるポートを守り続ける必要があります。{link}のデータから主な点を挙げます。",
    },
    "bastion.cost.compare": {"en": "For comparison:", "ja": "比較のため、置き換え先の値を示します。"},
    "bastion.cost.row": {"en": "{column}: {label}", "ja": "{column}: {label}"},
    "bastion.h.still": {"en": "When a bastion is still right",
                        "ja": "今でも踏み台サーバーが適しているケース"},
    "bastion.still.lead": {"en": "A bastion remains a sound choice in these cases:",
                           "ja": "次のようなケースでは、今でも踏み台サーバーが妥当な選択です。"},
    "bastion.still.more": {
        "en": "The {link} page gives its prerequisites, limitations and connection steps.",
        "ja": "前提条件、制限事項、接続手順は{link}のページをご覧ください。",
    },
    "bastion.h.next": {"en": "Check your own case", "ja": "自分のケースで確認する"},
    "bastion.next.lead": {
        "en": "Open a worked scenario, or answer the questions for your own instances in the "
              "[decision tree]({decide}).",
        "ja": "シナリオの例を開くか、[ディシジョンツリー]({decide})で自分のインスタンスについての質問に"
              "答えてください。",
    },
}


def t(key: str, lang: str) -> str:
    """Return UI string `key` in `lang`; a missing key or language raises KeyError."""
    try:
        entry = T[key]
    except KeyError:
        raise KeyError(f"unknown UI string {key!r}") from None
    try:
        return entry[lang]
    except KeyError:
        raise KeyError(f"UI string {key!r} has no {lang!r} text") from None


# Japanese puts a space between Latin letters or digits and kana/kanji ("3 つ", "Session Manager
# を"), never between two Japanese characters. Values are inserted into templates without spaces
# and `spaced` adds one where the visible characters on either side call for it.
_JA_CHAR = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_LATIN_END = re.compile(r"[A-Za-z0-9)%]")
_LATIN_START = re.compile(r"[A-Za-z0-9(]")
_INVISIBLE = (re.compile(r"<sup>.*?</sup>"), re.compile(r"<[^>]+>"))
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def _visible(markdown: str) -> str:
    """Roughly the text a reader sees: no footnote markers, tags, link targets or bold marks."""
    for pattern in _INVISIBLE:
        markdown = pattern.sub("", markdown)
    markdown = _MD_LINK.sub(r"\1", markdown).replace("**", "")
    return html.unescape(markdown)


def spaced(left: str, right: str) -> str:
    """Concatenate Japanese text, adding a space where Latin text meets kana or kanji."""
    if not left or not right or left[-1].isspace() or right[0].isspace():
        return left + right
    a, b = _visible(left)[-1:], _visible(right)[:1]
    if (_LATIN_END.match(a) and _JA_CHAR.match(b)) or (_JA_CHAR.match(a) and _LATIN_START.match(b)):
        return left + " " + right
    return left + right


def fill(key: str, lang: str, **values: object) -> str:
    """UI string `key` with its {placeholders} filled; Japanese gets spaces around Latin values."""
    template = t(key, lang)
    if lang != "ja":
        return template.format(**values)
    out, after_value = "", False
    for literal, field, spec, _conversion in string.Formatter().parse(template):
        out = spaced(out, literal) if after_value else out + literal
        after_value = field is not None
        if field is not None:
            out = spaced(out, format(values[field], spec or ""))
    return out


# --- /decide/, its widget, the scenario pages and /api/ (appended by the decision helper) -----
# In Japanese, {gap} is a space when the preceding name ends in Latin script ("PuTTY は") and
# nothing otherwise ("踏み台サーバーは"), as Japanese technical writing spaces them.
# Keys starting with "w." are handed to the widget (decide.js) without the prefix; the widget
# inserts data into them as text nodes, never as HTML, so they hold plain text, not Markdown.
T.update({
    "decide.title": {"en": "Choose a connection method", "ja": "接続方法を選ぶ"},
    "decide.intro": {
        "en": "Answer a few questions about the instance, your own computer and your rules. The "
              "guide then recommends every method that fits, best first, and explains why each of "
              "the others does not. A question is asked only when its answer can change the result.",
        "ja": "インスタンス、手元のパソコン、運用ルールについての質問に答えてください。条件に合う接続方法を"
              "おすすめ順にすべて表示し、ほかの方法を選ばない理由も説明します。質問は、その答えによって"
              "結果が変わる場合にだけ表示されます。",
    },
    "decide.scenarios": {
        "en": "Worked examples, such as replacing a bastion host, each have a page of their own: "
              "see [the scenarios]({link}).",
        "ja": "踏み台サーバーの置き換えなど、代表的なケースの結果は[シナリオ]({link})のページで"
              "紹介しています。",
    },
    "ranking.title": {"en": "How the recommendations are ranked", "ja": "おすすめ順の決め方"},
    "ranking.order": {"en": "Editorial order for methods still tied: {order}.",
                      "ja": "基準で差がつかない場合の編集上の順序: {order}"},
    "links.title": {"en": "Linking to a result", "ja": "結果へのリンク"},
    "links.body": {
        "en": "Your answers are kept in the page address, so you can send someone exactly the result "
              "you see. `v=1` is the version of this address format; every other parameter is a "
              "question key with an answer key, in the order the questions were asked, and only the "
              "questions asked on the way to the result are written. A parameter for a question "
              "that is not asked, or with a value the question does not have, is ignored, so a link "
              "keeps working when questions are added or reordered.",
        "ja": "回答はページのアドレスに保存されるので、表示中の結果をそのまま共有できます。`v=1` は"
              "アドレス形式のバージョンです。それ以外のパラメーターは質問のキーと回答のキーの組で、"
              "質問した順に、結果までに実際に尋ねた質問だけが書き込まれます。尋ねられない質問の"
              "パラメーターや、その質問にない値は無視されます。そのため、質問が追加されたり順序が"
              "変わったりしても、既存のリンクはそのまま使えます。",
    },
    "links.example": {"en": "For example, {query} opens the answers of the scenario {link}.",
                      "ja": "たとえば {query} を付けると、シナリオ「{link}」の回答を開きます。"},
    "links.col.key": {"en": "Parameter", "ja": "パラメーター"},
    "links.col.question": {"en": "Question", "ja": "質問"},
    "links.col.values": {"en": "Values", "ja": "値"},
    "outline.title": {"en": "The whole tree", "ja": "ツリー全体"},
    "outline.intro": {
        "en": "Every path through the questions: each answer with the methods it rules out, and "
              "the result each path leads to. The questions above walk this same tree.",
        "ja": "質問のすべての経路です。回答ごとに対象外になる接続方法と、たどり着く結果を示します。"
              "上の質問形式も、これと同じツリーをたどっています。",
    },
    "outline.summary": {"en": "Show the whole tree", "ja": "ツリー全体を表示"},
    "outline.dash": {"en": " — ", "ja": " — "},
    "sep.sentence": {"en": " ", "ja": ""},
    "outline.rules_out": {"en": "Rules out {names}: {reason}", "ja": "{names}{gap}は対象外: {reason}"},
    "outline.recommended": {"en": "**Recommended:** {links}", "ja": "**おすすめ:** {links}"},
    "outline.none": {"en": "**No method fits these answers.** {changes}",
                     "ja": "**これらの回答をすべて満たす接続方法はありません。** {changes}"},
    "outline.change": {"en": "Answering “{answer}” to “{question}” would leave {links}.",
                       "ja": "「{question}」に「{answer}」と答えると、{links}{gap}が候補になります。"},
    # The widget (plain text).
    "w.path": {"en": "Your answers", "ja": "これまでの回答"},
    "w.change": {"en": "Change", "ja": "変更"},
    "w.change_label": {"en": "Change your answer to “{question}”",
                       "ja": "「{question}」の回答を変更"},
    "w.start_over": {"en": "Start over", "ja": "最初からやり直す"},
    "w.current": {"en": "(your current answer)", "ja": "(現在の回答)"},
    "w.result": {"en": "Recommended methods", "ja": "おすすめの接続方法"},
    "w.how": {"en": "How to connect", "ja": "接続手順"},
    "w.why_not": {"en": "Why not the others?", "ja": "ほかの方法を選ばない理由"},
    "w.excluded_by": {"en": "Your answer “{answer}” to “{question}”.",
                      "ja": "「{question}」に「{answer}」と回答したためです。"},
    "w.none": {"en": "No method fits all of these answers.",
               "ja": "これらの回答をすべて満たす接続方法はありません。"},
    "w.reconsider": {"en": "Change one answer to get a result:",
                     "ja": "次のいずれかの回答を変えると、接続方法が見つかります。"},
    "w.reconsider_button": {"en": "Answer “{answer}” to “{question}”",
                            "ja": "「{question}」に「{answer}」と答える"},
    "w.would_leave": {"en": "would leave {names}", "ja": "候補: {names}"},
    "w.announce": {"en": "{count} recommended: {names}",
                   "ja": "おすすめの接続方法は {count} 件です: {names}"},
    "w.link": {"en": "Link to this result", "ja": "この結果へのリンク"},
    "w.sep": {"en": ", ", "ja": "、"},
    "w.sentence": {"en": " ", "ja": ""},
    # Scenario pages.
    "scenario.answers": {"en": "Answers", "ja": "回答"},
    "scenario.assumed": {"en": "assumed", "ja": "補った回答"},
    "scenario.default": {"en": "default", "ja": "既定の回答"},
    "scenario.unused": {"en": "does not change this result", "ja": "この結果には影響しません"},
    "scenario.assumed_note": {"en": "**Assumed:** {note}", "ja": "**補った回答について:** {note}"},
    "scenario.defaults_note": {
        "en": "A question the scenario leaves open takes its default answer.",
        "ja": "シナリオで指定していない質問には、既定の回答を使っています。",
    },
    "scenario.result": {"en": "Recommendation", "ja": "おすすめの接続方法"},
    "scenario.how": {"en": "how to connect", "ja": "接続手順"},
    "scenario.why_not_title": {"en": "Why not the others?", "ja": "ほかの方法を選ばない理由"},
    "scenario.why_not": {"en": "Why not {name}?", "ja": "{name}{gap}を選ばない理由"},
    "scenario.excluded_by": {"en": "Excluded by the answer “{answer}” to “{question}”.",
                             "ja": "「{question}」への回答「{answer}」により対象外です。"},
    "scenario.none_excluded": {"en": "Every method fits these answers.",
                               "ja": "すべての接続方法がこの条件を満たします。"},
    "scenario.decide": {"en": "Change the answers", "ja": "回答を変えて確認する"},
    "scenario.decide_body": {
        "en": "[Open these answers in the decision tree]({link}) to change any of them and see "
              "what else fits.",
        "ja": "[この回答をディシジョンツリーで開く]({link})と、回答を変えてほかの候補を確認できます。",
    },
    "scenarios.title": {"en": "Scenarios", "ja": "シナリオ"},
    "scenarios.intro": {
        "en": "Typical situations, each with its answers and the result the decision tree computes "
              "from them. Every scenario has a page of its own that you can send to a customer.",
        "ja": "よくある状況ごとに、回答と、その回答からディシジョンツリーが導く結果をまとめています。"
              "シナリオごとに個別のページがあるので、お客様にそのままリンクを送れます。",
    },
    "scenarios.col.scenario": {"en": "Scenario", "ja": "シナリオ"},
    "scenarios.col.result": {"en": "Recommended", "ja": "おすすめ"},
    "scenarios.nothing": {"en": "No method fits", "ja": "該当する方法なし"},
})

# --- /api/ (appended by the decision helper) -----------------------------------------------------
T.update({
    "api.title": {"en": "JSON API", "ja": "JSON API"},
    "api.intro": {
        "en": "Everything this guide computes is also published as JSON, for scripts, chat bots and "
              "other tools. The files are language-neutral (every text carries English and "
              "Japanese), are generated from the same knowledge base as the pages, and are served "
              "once, at the site root:",
        "ja": "このガイドが計算する内容は、スクリプトやチャットボットなどのツールから使えるように JSON "
              "でも公開しています。どちらのファイルも言語に依存せず (テキストはすべて英語と日本語の両方を"
              "持ちます)、ページと同じナレッジベースから生成され、サイトのルートに 1 つだけ置かれます。",
    },
    "api.file.tree": {"en": "the decision tree, every path written out",
                      "ja": "ディシジョンツリー (すべての経路を展開したもの)"},
    "api.file.methods": {"en": "every method with its capabilities, sources and check date",
                         "ja": "各接続方法の特性、出典、確認日"},
    "api.schemas": {
        "en": "JSON Schemas for both files are kept in the repository under `data/api/`, and the "
              "tests check every build's output against them.",
        "ja": "両ファイルの JSON Schema はリポジトリの `data/api/` にあり、ビルドのたびに出力が"
              "スキーマに合っているかをテストで確認しています。",
    },
    "api.col.field": {"en": "Field", "ja": "フィールド"},
    "api.col.meaning": {"en": "Meaning", "ja": "内容"},
    "api.tree.version": {"en": "Format version; this page describes version 1.",
                         "ja": "形式のバージョンです。このページはバージョン 1 の説明です。"},
    "api.tree.methods": {"en": "Every method id, in the knowledge base's order.",
                         "ja": "すべての接続方法の ID (ナレッジベースでの順序)。"},
    "api.tree.questions": {
        "en": "Every question in the order the tree asks them: `key` (also the parameter of "
              "/decide/ links), `text` and its `answers`, each with `key` and `text`.",
        "ja": "ツリーが尋ねる順のすべての質問です。`key` (/decide/ のリンクのパラメーターと同じ)、"
              "`text`、`answers` (それぞれ `key` と `text` を持つ) からなります。",
    },
    "api.tree.tree": {"en": "The root node.", "ja": "ルートのノードです。"},
    "api.nodes": {
        "en": "A node is either a question or a leaf:",
        "ja": "ノードは質問かリーフのどちらかです。",
    },
    "api.node.ask": {
        "en": "`ask` names the question; `answers` maps every answer key of that question to the "
              "next node.",
        "ja": "`ask` は質問のキー、`answers` はその質問のすべての回答キーから次のノードへの対応です。",
    },
    "api.node.leaf": {
        "en": "`recommend` lists the methods that fit, best first (it may be empty); `excluded` "
              "lists every other method with the `question` and `answer` on the path that ruled it "
              "out (the first one, in question order) and the `reason`, ordered by that question "
              "and then by rank.",
        "ja": "`recommend` は条件に合う接続方法をおすすめ順に並べたもの (空の場合もあります)、"
              "`excluded` はそれ以外のすべての方法です。経路上で最初にその方法を除外した `question` と "
              "`answer`、`reason` を持ち、除外した質問の順、次におすすめ順に並びます。",
    },
    "api.node.reconsider": {
        "en": "A leaf that recommends nothing also has `reconsider`: each answer on the path that, "
              "changed alone, would leave at least one method, with what each other answer "
              "(`instead`) would recommend.",
        "ja": "何も推奨しないリーフには `reconsider` もあります。経路上の回答のうち、それだけを変えれば"
              "候補が残るものと、代わりの回答 (`instead`) ごとの推奨を示します。",
    },
    "api.example.leaf": {"en": "The leaf reached by the answers of the scenario {link}:",
                         "ja": "シナリオ「{link}」の回答でたどり着くリーフです。"},
    "api.example.empty": {"en": "A leaf with no method, reached by {query}:",
                          "ja": "{query} でたどり着く、該当する方法がないリーフです。"},
    "api.walk.title": {"en": "Walking the tree", "ja": "ツリーのたどり方"},
    "api.walk.body": {
        "en": "Start at `tree`. While the node has `ask`, look up your answer to that question and "
              "follow `answers[answer]`; answers to questions the path never asks are simply not "
              "used. When you reach a node without `ask`, it is the result. If you have no answer "
              "for a question that is asked, the result depends on it: ask it. The /decide/ page "
              "does exactly this with the parameters of its address, so the same answers give the "
              "same result in both.",
        "ja": "`tree` から始めます。ノードに `ask` があれば、その質問への自分の回答を調べて "
              "`answers[回答]` に進みます。経路上で尋ねられない質問への回答は使われません。`ask` のない"
              "ノードに着いたら、それが結果です。尋ねられた質問の回答がない場合は、結果がその回答に"
              "左右されるので、その質問に答えてください。/decide/ のページもアドレスのパラメーターで"
              "同じことをしているため、同じ回答なら両者の結果は一致します。",
    },
    "api.methods.version": {"en": "Format version; this page describes version 1.",
                            "ja": "形式のバージョンです。このページはバージョン 1 の説明です。"},
    "api.methods.methods": {
        "en": "Every method, in the knowledge base's order: `id` (also its page, /methods/&lt;id&gt;/), "
              "`name` and `summary`, `capabilities`, `sources` and `verified`, the date its facts "
              "were last checked (YYYY-MM-DD).",
        "ja": "ナレッジベースの順のすべての接続方法です。`id` (ページ /methods/&lt;id&gt;/ と同じ)、"
              "`name`、`summary`、`capabilities`、`sources`、事実を最後に確認した日付 `verified` "
              "(YYYY-MM-DD) を持ちます。",
    },
    "api.methods.capabilities": {
        "en": "`capabilities` maps each capability name to `value`, `note` (a caveat with `en` and "
              "`ja`, or null), `unconfirmed` (true when AWS documentation does not state the value "
              "outright) and `sources` (ids of entries in the method's `sources`). The values:",
        "ja": "`capabilities` は特性名ごとに `value`、`note` (`en` と `ja` を持つ補足、または null)、"
              "`unconfirmed` (AWS ドキュメントに明記されていない値なら true)、`sources` (その方法の "
              "`sources` にある出典の ID) を持ちます。値は次のとおりです。",
    },
    "api.methods.sources": {
        "en": "`sources` lists the method's own sources in order, then any other source a capability "
              "cites: `id`, `title`, `url` (`en` and `ja`) and `verified`, the date the page was "
              "last checked.",
        "ja": "`sources` には、その方法自体の出典を順に並べ、続けて特性だけが引用する出典を並べます。"
              "`id`、`title`、`url` (`en` と `ja`)、ページを最後に確認した日付 `verified` を持ちます。",
    },
    "api.col.capability": {"en": "Capability", "ja": "特性"},
    "api.col.value": {"en": "Value", "ja": "値"},
    "api.kind.list": {"en": "list of {values}", "ja": "{values} のリスト"},
    "api.kind.per-os": {"en": "map from instance OS to a list of {values}",
                        "ja": "インスタンスの OS から {values} のリストへの対応"},
    "api.kind.bool": {"en": "true or false", "ja": "true または false"},
    "api.kind.enum": {"en": "one of {values}", "ja": "{values} のいずれか"},
    "api.kind.seconds": {"en": "seconds, or null for no limit", "ja": "秒数 (上限なしは null)"},
    "api.example.method": {"en": "Part of one entry (two of its capabilities, one source):",
                           "ja": "1 件分の抜粋です (特性 2 つと出典 1 つ)。"},
    "api.versioning.title": {"en": "Versions", "ja": "バージョン"},
    "api.versioning.body": {
        "en": "Both files carry `version`. Adding a field, a method, a question or an answer is not "
              "a breaking change, so ignore fields you do not know. Removing or renaming a field, or "
              "changing what a value means, is: such a change is published under a new path "
              "(/api/v2/) and the /api/v1/ files stay where they are. The `v` parameter of /decide/ "
              "links follows the same rule.",
        "ja": "両ファイルとも `version` を持ちます。フィールド、接続方法、質問、回答の追加は互換性を"
              "壊す変更ではないので、知らないフィールドは無視してください。フィールドの削除や名前の"
              "変更、値の意味の変更は互換性を壊す変更です。その場合は新しいパス (/api/v2/) で公開し、"
              "/api/v1/ のファイルはそのまま残します。/decide/ のリンクの `v` パラメーターも同じ"
              "ルールに従います。",
    },
})
