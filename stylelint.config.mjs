/** The stylesheets' linter (make lint): stylelint's standard rules, adjusted where noted. */
export default {
    extends: ["stylelint-config-standard"],
    languageOptions: {
        syntax: {
            // Paged media (CSS GCPM) that WeasyPrint reads in collection-pdf.css: running
            // headers and the contents' page numbers, unknown to stylelint's CSS grammar.
            properties: {
                "string-set": "[ <custom-ident> [ <string> | content( <content-part>? ) ]+ ]# | none",
            },
            types: {
                "content-part": "text | before | after | first-letter",
                "target-counter()":
                    "target-counter( [ <string> | <url> | <attr()> ] , <custom-ident> , <counter-style>? )",
            },
        },
    },
    rules: {
        // BEM, as the stylesheets name their classes: block__element--modifier.
        "selector-class-pattern": [
            "^[a-z][a-z0-9]*(-[a-z0-9]+)*(__[a-z0-9]+(-[a-z0-9]+)*)?(--[a-z0-9]+(-[a-z0-9]+)*)?$",
            { message: (selector) => `Expected class selector "${selector}" to be BEM` },
        ],
        // The stylesheet is ordered by component; this rule compares selectors of unrelated
        // components (".main-nav a:hover" and ".site-footer__links a") and would scatter them.
        "no-descending-specificity": null,
        // (min-width: 40rem), not (width >= 40rem): the range syntax needs Safari 16.4, and
        // schools keep old iPads and Macs.
        "media-feature-range-notation": "prefix",
        // Chrome before 120 (the last on Windows 7 is 109) and Safari before 15.4 know masks only
        // prefixed; iOS Safari knows text-size-adjust only prefixed.
        "property-no-vendor-prefix": [
            true,
            { ignoreProperties: ["/^-webkit-mask-/", "-webkit-text-size-adjust"] },
        ],
    },
};
