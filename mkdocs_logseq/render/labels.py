"""The words the plugin writes on pages, in the site's language.

The language is MkDocs' ``theme.language`` (Material's setting; ``zh-TW`` falls back to
``zh-Hant``, ``pt-BR`` to ``pt``, an unknown one to English); the plugin option ``labels:``
replaces any entry. A text with ``|`` holds plural forms: ``one|other`` (``one|few|many``
in Russian), chosen by the ``count`` it shows. Warnings stay English (they are for whoever
builds the site, and name files and lines).
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES: dict[str, dict[str, str]] = {
    "en": {
        "linked_references": "Linked references",
        "references": "{count} reference|{count} references",
        "source_pages": "{count} page|{count} pages",
        "references_from_pages": "{references} from {pages}",
        "open_in_context": "Open in context",
        "pages_tagged_with": "Pages tagged with {name}",
        "hierarchy": "Hierarchy",
        "home": "Home",
        "all_pages": "All pages",
        "pages": "{count} page|{count} pages",
        "all_pages_intro": "{pages}.",
        "no_content": "(no content)",
        "tags": "Tags",
        "tags_count": "{count} tag|{count} tags",
        "tags_intro": "{tags}, each with the number of pages and blocks using it.",
        "no_tags": "No page of this site uses tags.",
        "journals": "Journals",
        "older_journals": "Older journals",
        "no_journals": "No journal pages are published.",
        "generated_page": "This page has no content of its own; below is what links to it.",
        "note": "Note",
        "tip": "Tip",
        "important": "Important",
        "caution": "Caution",
        "warning": "Warning",
        "pinned": "Pinned",
        "advanced_query": "Live query — its results are shown in Logseq, not on this static site.",
        "advanced_query_titled": (
            "Live query “{title}” — its results are shown in Logseq, not on this static site."
        ),
        "no_matching_pages": "No matching pages.",
        "no_matching_blocks": "No matching blocks.",
        "results": "{count} result|{count} results",
        "more_results": "… and {count} more.",
        "query_results_elsewhere": "Query results: see {page}.",
        "computed_in_logseq": "(computed in Logseq)",
        "computed_in_logseq_title": "computed from query results in Logseq",
        "embed_cut": "Embed of {name} not shown: {reason}.",
        "embed_cycle": "it would embed itself (a cycle)",
        "embed_too_deep": "deeper than embed_depth ({depth})",
        "embed_missing_page": "Embedded page {name} does not exist.",
        "embed_missing_block": "Embedded block not found.",
        "missing_block": "missing block",
        "file_not_available": "{name} (file not available)",
        "zotero_attachment": "Zotero attachment",
        "video": "Video",
    },
    "zh": {
        "linked_references": "链接引用",
        "references": "{count} 条引用",
        "source_pages": "{count} 个页面",
        "references_from_pages": "来自 {pages}的 {references}",
        "open_in_context": "在原处查看",
        "pages_tagged_with": "标签为 {name} 的页面",
        "hierarchy": "层级",
        "home": "首页",
        "all_pages": "所有页面",
        "pages": "{count} 个页面",
        "all_pages_intro": "共 {pages}。",
        "no_content": "（无内容）",
        "tags": "标签",
        "tags_count": "{count} 个标签",
        "tags_intro": "共 {tags}，每个标签后是使用它的页面和块的数量。",
        "no_tags": "本站没有页面使用标签。",
        "journals": "日记",
        "older_journals": "更早的日记",
        "no_journals": "没有发布日记页面。",
        "generated_page": "此页面本身没有内容；下面是链接到它的内容。",
        "note": "备注",
        "tip": "提示",
        "important": "重要",
        "caution": "小心",
        "warning": "警告",
        "pinned": "置顶",
        "advanced_query": "实时查询：结果只在 Logseq 中显示，不在此静态网站上。",
        "advanced_query_titled": "实时查询「{title}」：结果只在 Logseq 中显示，不在此静态网站上。",
        "no_matching_pages": "没有匹配的页面。",
        "no_matching_blocks": "没有匹配的块。",
        "results": "{count} 条结果",
        "more_results": "……还有 {count} 条。",
        "query_results_elsewhere": "查询结果见 {page}。",
        "computed_in_logseq": "（在 Logseq 中计算）",
        "computed_in_logseq_title": "由 Logseq 中的查询结果计算",
        "embed_cut": "未显示 {name} 的嵌入：{reason}。",
        "embed_cycle": "它会嵌入自身（循环）",
        "embed_too_deep": "嵌套超过 embed_depth（{depth}）",
        "embed_missing_page": "嵌入的页面 {name} 不存在。",
        "embed_missing_block": "找不到嵌入的块。",
        "missing_block": "缺失的块",
        "file_not_available": "{name}（文件不可用）",
        "zotero_attachment": "Zotero 附件",
        "video": "视频",
    },
    "zh-hant": {
        "linked_references": "連結引用",
        "references": "{count} 則引用",
        "source_pages": "{count} 個頁面",
        "references_from_pages": "來自 {pages}的 {references}",
        "open_in_context": "在原處查看",
        "pages_tagged_with": "標籤為 {name} 的頁面",
        "hierarchy": "層級",
        "home": "首頁",
        "all_pages": "所有頁面",
        "pages": "{count} 個頁面",
        "all_pages_intro": "共 {pages}。",
        "no_content": "（無內容）",
        "tags": "標籤",
        "tags_count": "{count} 個標籤",
        "tags_intro": "共 {tags}，每個標籤後是使用它的頁面和區塊的數量。",
        "no_tags": "本站沒有頁面使用標籤。",
        "journals": "日誌",
        "older_journals": "更早的日誌",
        "no_journals": "沒有發布日誌頁面。",
        "generated_page": "此頁面本身沒有內容；下面是連結到它的內容。",
        "note": "備註",
        "tip": "提示",
        "important": "重要",
        "caution": "小心",
        "warning": "警告",
        "pinned": "置頂",
        "advanced_query": "即時查詢：結果只在 Logseq 中顯示，不在此靜態網站上。",
        "advanced_query_titled": "即時查詢「{title}」：結果只在 Logseq 中顯示，不在此靜態網站上。",
        "no_matching_pages": "沒有符合的頁面。",
        "no_matching_blocks": "沒有符合的區塊。",
        "results": "{count} 則結果",
        "more_results": "……還有 {count} 則。",
        "query_results_elsewhere": "查詢結果見 {page}。",
        "computed_in_logseq": "（在 Logseq 中計算）",
        "computed_in_logseq_title": "由 Logseq 中的查詢結果計算",
        "embed_cut": "未顯示 {name} 的嵌入：{reason}。",
        "embed_cycle": "它會嵌入自身（循環）",
        "embed_too_deep": "巢狀超過 embed_depth（{depth}）",
        "embed_missing_page": "嵌入的頁面 {name} 不存在。",
        "embed_missing_block": "找不到嵌入的區塊。",
        "missing_block": "缺失的區塊",
        "file_not_available": "{name}（檔案無法使用）",
        "zotero_attachment": "Zotero 附件",
        "video": "影片",
    },
    "de": {
        "linked_references": "Verlinkte Referenzen",
        "references": "{count} Referenz|{count} Referenzen",
        "source_pages": "{count} Seite|{count} Seiten",
        "references_from_pages": "{references} aus {pages}",
        "open_in_context": "Im Kontext öffnen",
        "pages_tagged_with": "Seiten mit dem Tag {name}",
        "hierarchy": "Hierarchie",
        "home": "Startseite",
        "all_pages": "Alle Seiten",
        "pages": "{count} Seite|{count} Seiten",
        "all_pages_intro": "{pages}.",
        "no_content": "(kein Inhalt)",
        "tags": "Tags",
        "tags_count": "{count} Tag|{count} Tags",
        "tags_intro": "{tags}, jeweils mit der Zahl der Seiten und Blöcke, die es verwenden.",
        "no_tags": "Keine Seite dieser Website verwendet Tags.",
        "journals": "Journale",
        "older_journals": "Ältere Journale",
        "no_journals": "Es sind keine Journalseiten veröffentlicht.",
        "generated_page": (
            "Diese Seite hat keinen eigenen Inhalt; unten steht, was auf sie verweist."
        ),
        "note": "Notiz",
        "tip": "Tipp",
        "important": "Wichtig",
        "caution": "Vorsicht",
        "warning": "Warnung",
        "pinned": "Angeheftet",
        "advanced_query": (
            "Live-Abfrage – ihre Ergebnisse zeigt Logseq, nicht diese statische Website."
        ),
        "advanced_query_titled": (
            "Live-Abfrage „{title}“ – ihre Ergebnisse zeigt Logseq, nicht diese statische Website."
        ),
        "no_matching_pages": "Keine passenden Seiten.",
        "no_matching_blocks": "Keine passenden Blöcke.",
        "results": "{count} Ergebnis|{count} Ergebnisse",
        "more_results": "… und {count} weitere.",
        "query_results_elsewhere": "Abfrageergebnisse: siehe {page}.",
        "computed_in_logseq": "(in Logseq berechnet)",
        "computed_in_logseq_title": "aus Abfrageergebnissen in Logseq berechnet",
        "embed_cut": "Einbettung von {name} nicht angezeigt: {reason}.",
        "embed_cycle": "sie würde sich selbst einbetten (ein Zyklus)",
        "embed_too_deep": "tiefer als embed_depth ({depth})",
        "embed_missing_page": "Die eingebettete Seite {name} existiert nicht.",
        "embed_missing_block": "Eingebetteter Block nicht gefunden.",
        "missing_block": "fehlender Block",
        "file_not_available": "{name} (Datei nicht verfügbar)",
        "zotero_attachment": "Zotero-Anhang",
        "video": "Video",
    },
    "fr": {
        "linked_references": "Références liées",
        "references": "{count} référence|{count} références",
        "source_pages": "{count} page|{count} pages",
        "references_from_pages": "{references} dans {pages}",
        "open_in_context": "Ouvrir dans son contexte",
        "pages_tagged_with": "Pages étiquetées {name}",
        "hierarchy": "Hiérarchie",
        "home": "Accueil",
        "all_pages": "Toutes les pages",
        "pages": "{count} page|{count} pages",
        "all_pages_intro": "{pages}.",
        "no_content": "(sans contenu)",
        "tags": "Étiquettes",
        "tags_count": "{count} étiquette|{count} étiquettes",
        "tags_intro": "{tags}, chacune avec le nombre de pages et de blocs qui l’utilisent.",
        "no_tags": "Aucune page de ce site n’utilise d’étiquettes.",
        "journals": "Journaux",
        "older_journals": "Journaux plus anciens",
        "no_journals": "Aucune page de journal n’est publiée.",
        "generated_page": "Cette page n’a pas de contenu propre ; ci-dessous, ce qui y renvoie.",
        "note": "Note",
        "tip": "Astuce",
        "important": "Important",
        "caution": "Attention",
        "warning": "Avertissement",
        "pinned": "Épinglé",
        "advanced_query": (
            "Requête dynamique : ses résultats s’affichent dans Logseq, pas sur ce site statique."
        ),
        "advanced_query_titled": (
            "Requête dynamique « {title} » : ses résultats s’affichent dans Logseq, "
            "pas sur ce site statique."
        ),
        "no_matching_pages": "Aucune page correspondante.",
        "no_matching_blocks": "Aucun bloc correspondant.",
        "results": "{count} résultat|{count} résultats",
        "more_results": "… et {count} de plus.",
        "query_results_elsewhere": "Résultats de la requête : voir {page}.",
        "computed_in_logseq": "(calculé dans Logseq)",
        "computed_in_logseq_title": "calculé à partir des résultats de requête dans Logseq",
        "embed_cut": "Intégration de {name} non affichée : {reason}.",
        "embed_cycle": "elle s’intégrerait elle-même (un cycle)",
        "embed_too_deep": "plus profonde que embed_depth ({depth})",
        "embed_missing_page": "La page intégrée {name} n’existe pas.",
        "embed_missing_block": "Bloc intégré introuvable.",
        "missing_block": "bloc manquant",
        "file_not_available": "{name} (fichier indisponible)",
        "zotero_attachment": "Pièce jointe Zotero",
        "video": "Vidéo",
    },
    "es": {
        "linked_references": "Referencias vinculadas",
        "references": "{count} referencia|{count} referencias",
        "source_pages": "{count} página|{count} páginas",
        "references_from_pages": "{references} en {pages}",
        "open_in_context": "Abrir en contexto",
        "pages_tagged_with": "Páginas etiquetadas con {name}",
        "hierarchy": "Jerarquía",
        "home": "Inicio",
        "all_pages": "Todas las páginas",
        "pages": "{count} página|{count} páginas",
        "all_pages_intro": "{pages}.",
        "no_content": "(sin contenido)",
        "tags": "Etiquetas",
        "tags_count": "{count} etiqueta|{count} etiquetas",
        "tags_intro": "{tags}, cada una con el número de páginas y bloques que la usan.",
        "no_tags": "Ninguna página de este sitio usa etiquetas.",
        "journals": "Diarios",
        "older_journals": "Diarios anteriores",
        "no_journals": "No se ha publicado ninguna página de diario.",
        "generated_page": "Esta página no tiene contenido propio; abajo está lo que enlaza a ella.",
        "note": "Nota",
        "tip": "Consejo",
        "important": "Importante",
        "caution": "Precaución",
        "warning": "Advertencia",
        "pinned": "Fijado",
        "advanced_query": (
            "Consulta dinámica: sus resultados se muestran en Logseq, no en este sitio estático."
        ),
        "advanced_query_titled": (
            "Consulta dinámica «{title}»: sus resultados se muestran en Logseq, "
            "no en este sitio estático."
        ),
        "no_matching_pages": "No hay páginas que coincidan.",
        "no_matching_blocks": "No hay bloques que coincidan.",
        "results": "{count} resultado|{count} resultados",
        "more_results": "… y {count} más.",
        "query_results_elsewhere": "Resultados de la consulta: véase {page}.",
        "computed_in_logseq": "(calculado en Logseq)",
        "computed_in_logseq_title": "calculado a partir de resultados de consultas en Logseq",
        "embed_cut": "Inserción de {name} no mostrada: {reason}.",
        "embed_cycle": "se insertaría a sí misma (un ciclo)",
        "embed_too_deep": "más profunda que embed_depth ({depth})",
        "embed_missing_page": "La página insertada {name} no existe.",
        "embed_missing_block": "No se encontró el bloque insertado.",
        "missing_block": "bloque ausente",
        "file_not_available": "{name} (archivo no disponible)",
        "zotero_attachment": "Adjunto de Zotero",
        "video": "Vídeo",
    },
    "ja": {
        "linked_references": "リンクされた参照",
        "references": "{count} 件の参照",
        "source_pages": "{count} ページ",
        "references_from_pages": "{pages}から {references}",
        "open_in_context": "元の場所で開く",
        "pages_tagged_with": "タグ {name} の付いたページ",
        "hierarchy": "階層",
        "home": "ホーム",
        "all_pages": "すべてのページ",
        "pages": "{count} ページ",
        "all_pages_intro": "全 {pages}。",
        "no_content": "（内容なし）",
        "tags": "タグ",
        "tags_count": "{count} 個のタグ",
        "tags_intro": "{tags}。それぞれ、使っているページとブロックの数を添えています。",
        "no_tags": "このサイトにはタグを使っているページがありません。",
        "journals": "日誌",
        "older_journals": "以前の日誌",
        "no_journals": "公開されている日誌ページはありません。",
        "generated_page": "このページには独自の内容がありません。以下はこのページへのリンクです。",
        "note": "メモ",
        "tip": "ヒント",
        "important": "重要",
        "caution": "注意",
        "warning": "警告",
        "pinned": "ピン留め",
        "advanced_query": (
            "ライブクエリ：結果は Logseq で表示され、この静的サイトには表示されません。"
        ),
        "advanced_query_titled": (
            "ライブクエリ「{title}」：結果は Logseq で表示され、この静的サイトには表示されません。"
        ),
        "no_matching_pages": "一致するページはありません。",
        "no_matching_blocks": "一致するブロックはありません。",
        "results": "{count} 件の結果",
        "more_results": "… ほか {count} 件。",
        "query_results_elsewhere": "クエリの結果は {page} を参照。",
        "computed_in_logseq": "（Logseq で計算）",
        "computed_in_logseq_title": "Logseq のクエリ結果から計算",
        "embed_cut": "{name} の埋め込みは表示されません：{reason}。",
        "embed_cycle": "自分自身を埋め込むことになります（循環）",
        "embed_too_deep": "embed_depth（{depth}）より深い",
        "embed_missing_page": "埋め込まれたページ {name} は存在しません。",
        "embed_missing_block": "埋め込まれたブロックが見つかりません。",
        "missing_block": "見つからないブロック",
        "file_not_available": "{name}（ファイルを利用できません）",
        "zotero_attachment": "Zotero 添付ファイル",
        "video": "動画",
    },
    "ko": {
        "linked_references": "링크된 참조",
        "references": "참조 {count}개",
        "source_pages": "페이지 {count}개",
        "references_from_pages": "{pages}에서 {references}",
        "open_in_context": "원래 위치에서 열기",
        "pages_tagged_with": "{name} 태그가 붙은 페이지",
        "hierarchy": "계층",
        "home": "홈",
        "all_pages": "모든 페이지",
        "pages": "페이지 {count}개",
        "all_pages_intro": "총 {pages}.",
        "no_content": "(내용 없음)",
        "tags": "태그",
        "tags_count": "태그 {count}개",
        "tags_intro": "{tags}. 각 태그를 사용하는 페이지와 블록의 수를 함께 표시합니다.",
        "no_tags": "이 사이트에는 태그를 사용하는 페이지가 없습니다.",
        "journals": "일지",
        "older_journals": "이전 일지",
        "no_journals": "게시된 일지 페이지가 없습니다.",
        "generated_page": (
            "이 페이지에는 자체 내용이 없습니다. 아래는 이 페이지를 링크하는 내용입니다."
        ),
        "note": "참고",
        "tip": "팁",
        "important": "중요",
        "caution": "주의",
        "warning": "경고",
        "pinned": "고정됨",
        "advanced_query": "실시간 쿼리: 결과는 이 정적 사이트가 아니라 Logseq에서 표시됩니다.",
        "advanced_query_titled": (
            "실시간 쿼리 ‘{title}’: 결과는 이 정적 사이트가 아니라 Logseq에서 표시됩니다."
        ),
        "no_matching_pages": "일치하는 페이지가 없습니다.",
        "no_matching_blocks": "일치하는 블록이 없습니다.",
        "results": "결과 {count}개",
        "more_results": "… 외 {count}개.",
        "query_results_elsewhere": "쿼리 결과: {page} 참고.",
        "computed_in_logseq": "(Logseq에서 계산됨)",
        "computed_in_logseq_title": "Logseq의 쿼리 결과로 계산됨",
        "embed_cut": "{name} 임베드를 표시하지 않음: {reason}.",
        "embed_cycle": "자기 자신을 임베드하게 됩니다(순환)",
        "embed_too_deep": "embed_depth({depth})보다 깊음",
        "embed_missing_page": "임베드된 페이지 {name}이(가) 없습니다.",
        "embed_missing_block": "임베드된 블록을 찾을 수 없습니다.",
        "missing_block": "없는 블록",
        "file_not_available": "{name} (파일을 사용할 수 없음)",
        "zotero_attachment": "Zotero 첨부 파일",
        "video": "동영상",
    },
    "pt": {
        "linked_references": "Referências vinculadas",
        "references": "{count} referência|{count} referências",
        "source_pages": "{count} página|{count} páginas",
        "references_from_pages": "{references} em {pages}",
        "open_in_context": "Abrir no contexto",
        "pages_tagged_with": "Páginas marcadas com {name}",
        "hierarchy": "Hierarquia",
        "home": "Início",
        "all_pages": "Todas as páginas",
        "pages": "{count} página|{count} páginas",
        "all_pages_intro": "{pages}.",
        "no_content": "(sem conteúdo)",
        "tags": "Etiquetas",
        "tags_count": "{count} etiqueta|{count} etiquetas",
        "tags_intro": "{tags}, cada uma com o número de páginas e blocos que a usam.",
        "no_tags": "Nenhuma página deste site usa etiquetas.",
        "journals": "Diários",
        "older_journals": "Diários anteriores",
        "no_journals": "Nenhuma página de diário foi publicada.",
        "generated_page": (
            "Esta página não tem conteúdo próprio; abaixo está o que aponta para ela."
        ),
        "note": "Nota",
        "tip": "Dica",
        "important": "Importante",
        "caution": "Cuidado",
        "warning": "Aviso",
        "pinned": "Fixado",
        "advanced_query": (
            "Consulta dinâmica: os resultados aparecem no Logseq, não neste site estático."
        ),
        "advanced_query_titled": (
            "Consulta dinâmica “{title}”: os resultados aparecem no Logseq, "
            "não neste site estático."
        ),
        "no_matching_pages": "Nenhuma página corresponde.",
        "no_matching_blocks": "Nenhum bloco corresponde.",
        "results": "{count} resultado|{count} resultados",
        "more_results": "… e mais {count}.",
        "query_results_elsewhere": "Resultados da consulta: veja {page}.",
        "computed_in_logseq": "(calculado no Logseq)",
        "computed_in_logseq_title": "calculado a partir de resultados de consultas no Logseq",
        "embed_cut": "Incorporação de {name} não mostrada: {reason}.",
        "embed_cycle": "incorporaria a si mesma (um ciclo)",
        "embed_too_deep": "mais profunda que embed_depth ({depth})",
        "embed_missing_page": "A página incorporada {name} não existe.",
        "embed_missing_block": "Bloco incorporado não encontrado.",
        "missing_block": "bloco ausente",
        "file_not_available": "{name} (arquivo indisponível)",
        "zotero_attachment": "Anexo do Zotero",
        "video": "Vídeo",
    },
    "ru": {
        "linked_references": "Связанные ссылки",
        "references": "{count} ссылка|{count} ссылки|{count} ссылок",
        "source_pages": "{count} страницы|{count} страниц|{count} страниц",
        "references_from_pages": "{references} с {pages}",
        "open_in_context": "Открыть в контексте",
        "pages_tagged_with": "Страницы с тегом {name}",
        "hierarchy": "Иерархия",
        "home": "Главная",
        "all_pages": "Все страницы",
        "pages": "{count} страница|{count} страницы|{count} страниц",
        "all_pages_intro": "{pages}.",
        "no_content": "(нет содержимого)",
        "tags": "Теги",
        "tags_count": "{count} тег|{count} тега|{count} тегов",
        "tags_intro": "{tags}; рядом с каждым — число страниц и блоков, где он используется.",
        "no_tags": "Ни одна страница этого сайта не использует теги.",
        "journals": "Журналы",
        "older_journals": "Более ранние журналы",
        "no_journals": "Страницы журнала не опубликованы.",
        "generated_page": (
            "У этой страницы нет собственного содержимого; ниже — то, что на неё ссылается."
        ),
        "note": "Заметка",
        "tip": "Совет",
        "important": "Важно",
        "caution": "Осторожно",
        "warning": "Предупреждение",
        "pinned": "Закреплено",
        "advanced_query": (
            "Живой запрос: его результаты показывает Logseq, а не этот статический сайт."
        ),
        "advanced_query_titled": (
            "Живой запрос «{title}»: его результаты показывает Logseq, а не этот статический сайт."
        ),
        "no_matching_pages": "Подходящих страниц нет.",
        "no_matching_blocks": "Подходящих блоков нет.",
        "results": "{count} результат|{count} результата|{count} результатов",
        "more_results": "… и ещё {count}.",
        "query_results_elsewhere": "Результаты запроса: см. {page}.",
        "computed_in_logseq": "(вычисляется в Logseq)",
        "computed_in_logseq_title": "вычисляется по результатам запроса в Logseq",
        "embed_cut": "Встраивание {name} не показано: {reason}.",
        "embed_cycle": "оно встроило бы само себя (цикл)",
        "embed_too_deep": "глубже, чем embed_depth ({depth})",
        "embed_missing_page": "Встроенная страница {name} не существует.",
        "embed_missing_block": "Встроенный блок не найден.",
        "missing_block": "отсутствующий блок",
        "file_not_available": "{name} (файл недоступен)",
        "zotero_attachment": "Вложение Zotero",
        "video": "Видео",
    },
}
"""Every language holds every key of ``en`` (a test checks it, and the placeholders)."""

ALIASES = {"zh-cn": "zh", "zh-sg": "zh", "zh-tw": "zh-hant", "zh-hk": "zh-hant", "pt-br": "pt"}
KEYS = frozenset(LANGUAGES["en"])


def language_of(code: str | None) -> str:
    """The entry of :data:`LANGUAGES` for a ``theme.language`` code (``en`` if none fits)."""
    code = (code or "en").strip().lower().replace("_", "-")
    code = ALIASES.get(code, code)
    if code in LANGUAGES:
        return code
    base = code.split("-")[0]
    return base if base in LANGUAGES else "en"


def plural_form(language: str, count: int, forms: int) -> int:
    """Which of ``forms`` plural forms fits ``count`` (CLDR's rules, integers only)."""
    if forms == 1:
        return 0
    if language == "ru" and forms == 3:
        if count % 10 == 1 and count % 100 != 11:
            return 0
        return 1 if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14 else 2
    if language in ("fr", "pt"):
        return 0 if count in (0, 1) else 1
    return 0 if count == 1 else 1


class Labels:
    """The plugin's words in one language, with a user's replacements."""

    def __init__(self, language: str | None = None, overrides: Mapping[str, str] | None = None):
        self.language = language_of(language)
        self.texts = {**LANGUAGES["en"], **LANGUAGES[self.language], **(overrides or {})}

    def __call__(self, key: str, **values: object) -> str:
        """The text of ``key`` with ``{placeholders}`` filled in; with a ``count`` value,
        the plural form that fits it."""
        text = self.texts[key]
        if "|" in text:
            forms = text.split("|")
            count = values.get("count")
            index = plural_form(self.language, count, len(forms)) if isinstance(count, int) else 0
            text = forms[min(index, len(forms) - 1)]
        return text.format(**values) if values else text


ENGLISH = Labels()
"""English, for the Markdown export and anything rendered without a site language."""
