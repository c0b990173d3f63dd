/**
 * Front-matter keys: the ones handout reads, and the ones other Pandoc tools
 * read. A key in neither list that is close to one of handout's gets a "did
 * you mean"; a key another tool uses never does (a manuscript that also
 * builds with Pandoc, Quarto, Manubot or pandoc-scholar is not wrong).
 */

/**
 * Keys of Pandoc's own metadata that handout knows but does not read (the
 * keys it reads are remark-meta.ts's FIELDS, and `citation-style`).
 */
export const PANDOC_KEYS = [
  'description', 'subject', 'header-includes', 'toc', 'documentclass', 'geometry', 'fontsize', 'mainfont',
  'title-meta', 'author-meta', 'date-meta', 'abstract-title', 'citation-abbreviations', 'editor', 'shorttitle'
]

/** Keys of Pandoc's templates (its manual's variables), Quarto, R Markdown, pandoc-crossref, pandoc-scholar and Manubot. */
export const OTHER_TOOLS_KEYS = new Set([
  // Pandoc's template variables and metadata fields.
  'CJKmainfont', 'CJKmonofont', 'CJKoptions', 'CJKsansfont', 'adjusting', 'aspectratio', 'babelfonts', 'babeloptions',
  'backgroundcolor', 'beamerarticle', 'beameroption', 'biblatexoptions', 'biblio-style', 'biblio-title', 'block-headings',
  'body', 'boxlinks', 'category', 'citecolor', 'classoption', 'codefont', 'colorlinks', 'colortheme', 'colorthemeoptions',
  'columns', 'contrastcolor', 'contributor', 'copyright', 'cover-image', 'coverage', 'creator', 'csquotes', 'csquotesoptions',
  'css', 'curdir', 'document-css', 'filecolor', 'filename', 'fontcolor', 'fontenc', 'fontfamily', 'fontfamilyoptions',
  'fonttheme', 'fontthemeoptions', 'footer', 'footer-html', 'footertext', 'handout', 'header', 'header-html', 'headertext',
  'highlightjs-theme', 'hyperrefoptions', 'identifier', 'include-after', 'include-before', 'includesource', 'indent',
  'indenting', 'innertheme', 'innerthemeoptions', 'institute', 'interlinespace', 'layout', 'lineheight', 'linestretch',
  'linkcolor', 'links-as-notes', 'linkstyle', 'logo', 'logooptions', 'luatexjapresetoptions',
  'mainfontfallback', 'mainfontoptions', 'margin', 'margin-bottom', 'margin-left', 'margin-right', 'margin-top', 'mathfont',
  'mathfontoptions', 'maxwidth', 'meta-json', 'microtypeoptions', 'monobackgroundcolor', 'monofont', 'monofontfallback',
  'monofontoptions', 'natbiboptions', 'navigation', 'numbersections', 'outertheme', 'outerthemeoptions', 'outputfile',
  'page-numbering', 'page-progression-direction', 'pagenumbering', 'pagestyle', 'pagetitle', 'pandoc-version', 'pdf-engine',
  'pdf-trailer-id', 'pdfa', 'pdfaiccprofile', 'pdfaintent', 'pdfstandard', 'pointsize', 'publisher', 'relation', 'rights',
  'revealjs-url', 's5-url', 'sansfont', 'sansfontfallback', 'sansfontoptions', 'secnumdepth', 'section', 'section-numbering',
  'section-titles', 'shortauthor', 'shortdate', 'shorthands', 'shortinstitute', 'shortsubtitle', 'slideous-url', 'slidy-url',
  'sourcefile', 'template', 'thanks', 'theme', 'themeoptions', 'title-prefix', 'title-slide-attributes', 'titlegraphic',
  'titlegraphicoptions', 'toc-depth', 'toc-title', 'toccolor', 'type', 'urlcolor', 'urlstyle', 'version', 'whitespace',
  'cite-method', 'epub-cover-image', 'lang-meta', 'edition', 'notice', 'license', 'funding', 'acknowledgements', 'thesis',
  // Quarto and R Markdown.
  'affiliations', 'authors', 'format', 'execute', 'jupyter', 'engine', 'knitr', 'filters', 'crossref', 'citation',
  'google-scholar', 'doi', 'number-sections', 'number-depth', 'fig-cap-location', 'editor_options', 'output', 'params',
  'runtime', 'always_allow_html', 'site', 'bibliographystyle', 'funding', 'appendix-style', 'citation-location',
  // pandoc-crossref.
  'lstPrefix', 'listingTitle', 'lolTitle', 'chapters', 'chaptersDepth', 'numberSections', 'sectionsDepth', 'autoSectionLabels',
  'autoEqnLabels', 'linkReferences', 'nameInLink', 'cref', 'codeBlockCaptions', 'subfigGrid', 'eqnBlockTemplate',
  'figureTemplate', 'tableTemplate',
  // Manubot and pandoc-scholar.
  'manubot', 'thumbnail', 'header-includes-after', 'github', 'twitter', 'initials', 'orcid', 'email', 'corresponding'
])
