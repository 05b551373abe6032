import Testing

@testable import Views

@Suite struct HTMLSanitizerTests {
    /// XSS vectors in the style of the OWASP filter evasion cheat sheet: none may survive.
    static let vectors: [String] = [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
        "<scRipt>alert(1)</sCRipt>",
        "<script/xss src=\"http://xss.rocks/xss.js\"></script>",
        "<<script>alert(1);//<</script>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<IMG SRC=\"javascript:alert('XSS');\">",
        "<img src=x onerror=alert(1)>",
        "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\">",
        "<body onload=alert(1)>",
        "<p onclick=\"alert(1)\">x</p>",
        "<p/onmouseover=alert(1)>x</p>",
        "<a href=\"https://example.com\" onmouseover=\"alert(1)\">x</a>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=javascript:alert(1)>x</a>",
        "<a href = \"javascript:alert(1)\">x</a>",
        "<a HREF=\"javascript:alert(1)\">x</a>",
        "<a href=\"jav\tascript:alert(1)\">x</a>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=\"jav&#x0A;ascript:alert(1)\">x</a>",
        "<a href=\"jav&#x0D;ascript:alert(1)\">x</a>",
        "<a href=\"jav&Tab;ascript:alert(1)\">x</a>",
        "<a href=\"jav&NewLine;ascript:alert(1)\">x</a>",
        "<a href=\" &#14;  javascript:alert(1)\">x</a>",
        "<a href=\"\u{01}javascript:alert(1)\">x</a>",
        "<a href=\"java\u{0}script:alert(1)\">x</a>",
        "<a href=\"javascript&colon;alert(1)\">x</a>",
        "<a href=\"javascript&#58alert(1)\">x</a>",
        "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
        "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
        "<a href=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)\">x</a>",
        "<a href=\"&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x31&#x29\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<a href=\"javascript:alert(1)\" href=\"https://ok.example\">x</a>",
        "<a href=\"https://x.example/\"onclick=\"alert(1)\">x</a>",
        "<a href='https://x.example/' ' onclick=alert(1)>x</a>",
        "<a href=\"https://x.example/?q=&quot;><script>alert(1)</script>\">x</a>",
        "<p title=\"</p><script>alert(1)</script>\">x</p>",
        "<svg onload=alert(1)>",
        "<svg/onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<svg><style></svg><img src=x onerror=alert(1)></style></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<math><a xlink:href=\"javascript:alert(1)\">x</a></math>",
        "<style>body{background:url(\"javascript:alert(1)\")}</style>",
        "<div style=\"background-image: url(javascript:alert(1))\">x</div>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<template><script>alert(1)</script></template>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<xmp><script>alert(1)</script></xmp>",
        "<textarea><script>alert(1)</script></textarea>",
        "<title><script>alert(1)</script></title>",
        "<!--<script>alert(1)</script>-->",
        "<!--><script>alert(1)</script>-->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<!DOCTYPE html><script>alert(1)</script>",
        "<?xml version=\"1.0\"?><script>alert(1)</script>",
        "<a href=\"https://ok.example\"><script>alert(1)</script></a>",
        "<form action=\"javascript:alert(1)\"><button>x</button></form>",
        "<input onfocus=alert(1) autofocus>",
        "<details open ontoggle=alert(1)>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<link rel=stylesheet href=\"javascript:alert(1)\">",
        "<base href=\"javascript:alert(1)//\">",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<scr\u{0}ipt>alert(1)</scr\u{0}ipt>",
        "<a href=\"https://ok.example\"",
        "<p",
        "<script>alert(1)",
    ]

    @Test(arguments: vectors)
    func noVectorSurvives(_ vector: String) {
        let output = HTMLSanitizer.sanitize(vector)
        #expect(SanitizedHTML.problems(output).isEmpty, "\(output)")
        #expect(HTMLSanitizer.sanitize(output) == output)
    }

    @Test(arguments: [
        ("<p>Hello <strong>world</strong></p>", "<p>Hello <strong>world</strong></p>"),
        ("<script>alert(1)</script>after", "after"),
        ("<a href=\"javascript:alert(1)\">x</a>", "x"),
        ("<p onclick=\"alert(1)\">x</p>", "<p>x</p>"),
        (
            "<a href=\"https://example.com/a?b=1&amp;c=2\" onmouseover=\"alert(1)\">x</a>",
            "<a href=\"https://example.com/a?b=1&amp;c=2\" rel=\"noopener noreferrer\">x</a>"
        ),
        (
            "<A HREF=\"MAILTO:ops@example.com\">mail</A>",
            "<a href=\"mailto:ops@example.com\" rel=\"noopener noreferrer\">mail</a>"
        ),
        ("<a href=\"&#104;ttps://ok.example\">ok</a>", "<a href=\"https://ok.example\" rel=\"noopener noreferrer\">ok</a>"),
        ("<svg><script>alert(1)</script></svg>after", "after"),
        ("<h1>Big</h1><div>text</div>", "Bigtext"),
        ("<strong><em>x</strong></em>", "<strong><em>x</em></strong>"),
        ("<p>one<p>two", "<p>one</p><p>two</p>"),
        ("<p>para<ul><li>a<li>b</ul>", "<p>para</p><ul><li>a</li><li>b</li></ul>"),
        ("<a href=\"http://x.example\">x", "<a href=\"http://x.example\" rel=\"noopener noreferrer\">x</a>"),
        ("line<br>break<br/>again</br>", "line<br>break<br>again"),
        ("Tom & Jerry <3 'quotes' \"double\"", "Tom &amp; Jerry &lt;3 &#39;quotes&#39; &quot;double&quot;"),
        ("&lt;b&gt; &eacute; &nbsp;&unknown; &#128512;", "&lt;b&gt; \u{E9} \u{A0}&amp;unknown; \u{1F600}"),
        ("<!-- hidden -->visible<![CDATA[x]]>", "visible"),
        ("</p>stray</li>", "stray"),
        ("<pre><code>let x = 1 < 2</code></pre>", "<pre><code>let x = 1 &lt; 2</code></pre>"),
        ("<blockquote><h2>T</h2><h3>t</h3></blockquote>", "<blockquote><h2>T</h2><h3>t</h3></blockquote>"),
        ("<u>u</u><s>s</s><ol><li>1</li></ol><h4>h</h4>", "<u>u</u><s>s</s><ol><li>1</li></ol><h4>h</h4>"),
        ("a\u{0}b\u{1}c", "abc"),
        // A link dropped for its scheme must not keep the open link from being closed by the next one
        // (found by scripts/fuzz views: the result nested <a> in <a>, which a browser re-parses differently).
        (
            "<a href=\"https://a.example\">one<a href=\"bad\">two<a href=\"https://b.example\">three</a>",
            "<a href=\"https://a.example\" rel=\"noopener noreferrer\">onetwo</a><a href=\"https://b.example\" rel=\"noopener noreferrer\">three</a>"
        ),
    ])
    func sanitizesToExpected(_ input: String, _ expected: String) {
        #expect(HTMLSanitizer.sanitize(input) == expected)
    }

    @Test func linksKeepOnlyAllowedSchemes() {
        for href in ["http://a.example", "https://a.example/x?y#z", "mailto:a@b.example", " HTTPS://A.example "] {
            #expect(HTMLSanitizer.safeHref([HTMLAttribute(name: "href", value: href)]) != nil, "\(href)")
        }
        for href in ["javascript:alert(1)", "/relative", "data:text/html,x", "ftp://x", "", "https", "java\nscript:x"] {
            #expect(HTMLSanitizer.safeHref([HTMLAttribute(name: "href", value: href)]) == nil, "\(href)")
        }
    }

    @Test func cutsOffLongInputAtACharacterBoundary() {
        let sanitizer = HTMLSanitizer(maximumInputLength: 10)
        #expect(sanitizer.sanitize("abcdefghi\u{E9}xyz") == "abcdefghi")
        #expect(sanitizer.sanitize("<p>abcdefghijk</p>") == "<p>abcdefg</p>")
    }

    @Test func limitsNesting() {
        let sanitizer = HTMLSanitizer(maximumDepth: 3)
        let output = sanitizer.sanitize(
            String(repeating: "<strong>", count: 10) + "x" + String(repeating: "</strong>", count: 10))
        #expect(output == "<strong><strong><strong>x</strong></strong></strong>")
    }

    /// Seeded fuzzing: no crash, no hang, safe and balanced output that re-sanitizes to itself.
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func fuzz(_ seed: UInt64) {
        let alphabet = [
            "<", ">", "/", "=", "\"", "'", " ", "\n", "\t", "a", "p", "x", "li", "ul", "strong", "em", "br", "h2", "pre",
            "script", "style", "svg", "math", "template", "title", "textarea", "iframe", "href", "onerror", "on", "src",
            "javascript:", "jav&#x09;ascript:", "java\u{0}script:", "&colon;", "https://e.example", "mailto:", "&", "#",
            ";", "&lt;", "&amp;", "&#0;", "&#x110000;", "&#65", "<!--", "-->", "--!>", "<![CDATA[", "]]>", "<!DOCTYPE",
            "<?", "</", "<a href=", "<p>", "</p>", "<li>", "\u{E9}", "\u{1F600}", "\u{0}", "\u{7}",
        ]
        var random = SeededRandom(seed: seed)
        for _ in 0..<2_000 {
            let input = random.string(from: alphabet, count: Int.random(in: 0...40, using: &random))
            let output = HTMLSanitizer.sanitize(input)
            let problems = SanitizedHTML.problems(output)
            #expect(problems.isEmpty, "input \(input.debugDescription) → \(output.debugDescription): \(problems)")
            #expect(HTMLSanitizer.sanitize(output) == output, "not idempotent: \(input.debugDescription)")
            if !problems.isEmpty { return }
        }
    }

    @Test func fuzzRandomScalars() {
        var random = SeededRandom(seed: 99)
        for _ in 0..<500 {
            let scalars = (0..<Int.random(in: 0...200, using: &random)).compactMap { _ in
                Unicode.Scalar(UInt32.random(in: 0...0x7F, using: &random) | (Bool.random(using: &random) ? 0 : 0x3C))
            }
            let input = String(String.UnicodeScalarView(scalars))
            let output = HTMLSanitizer.sanitize(input)
            #expect(SanitizedHTML.problems(output).isEmpty)
            #expect(HTMLSanitizer.sanitize(output) == output)
        }
    }
}
