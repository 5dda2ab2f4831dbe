import CMTSource
import CMTWorkflow
import Foundation
import Testing

/// Inputs the `fuzz-readers` runs on process XML found (docs/fuzzing.md), kept so they stay fixed.
@Suite struct FuzzedProcessInputTests {
    /// A mutated jPDL conformance file declaring `encoding="UTF-7"`: libxml2's conversion crashed
    /// (SEGV in xmlParseChunk) before the encoding check.
    static let utf7Crash = "PD94bWwgdmVyc2lvbj0iMS4wIiBlbmNvZGluZz0iVVRGLTciPz4KPCEtLSBTb3U8IVtDREFUQVtyY2U6IHBldHJhbmRlOGQ1NjljOWUyZDRkM2U2MjhmMC9qYXZhL29yZy9qYnBtL2dyYXBoL2V4ZS9TdXBlclN0YXRlVGVzdC5qYXZhIDlkY2U4NmQ1NzJiIChqQlBNIDMuMi4xNC0yLjEpCiAgICAgaW5saW5lIFhNTCBpbiBjb3JlL3NyYy90ZXN0L2phdmEvb3JnL2picG0vZ3JhcGgvZXhlL1N1cGVyU3RhdDxjb25kaXRpb24+I3thbW91bnQgPiAxMH08L2NvbmRpVGlvbj5lVGVzdC5qYXZhICh0ZXN0VGFrZVN1cG1sIHZlcnNpb249IjEuMCIgZW5jb2Rpbmc9IlVURi03Ij8+CjwhLS0gU291PCFbQ0RBVEFbcmNlOiBwZXRyYW5kZThkNTY5YzllMmQ0ZDNlNjI4ZjAvamF2YS9vcmcvamJwbS9ncmFwaC9leGUvU3VwZXJTdGF0ZVRlc3QuamF2YSA5ZGNlODZkNTcyYiAoakJQTSAzLjIuMTQtMi4xKQogICAgIGlubGluZSBYTUwgaW4gY29yZS9zcmMvdGVzdC9qYXZhL29yZy9qYnBtL2dyYXBoL2V4ZS9TdXBlclN0YXQ8Y29uZGl0aW9uPiN7YW1vdW50ID4gMTB9PC9jb25kaVRpb24+ZVRlc3QuamF2YSAodGVzdFRha2VTdXBlclN0YXRlVHJhbnNpdGlvbikgLSEAAAAtPgo8cHJvY2Vzcy1kZWZpbml0aW9uPgogIDxzdGFzaWduYWw9Imxhc3QicnQtc3RhdGUgbmFtZT0ic3RhcnQiPgogICAgPHRyYW5zaXRpb24gdG89InN1cGVyc3RhdGUvaW5zaWRlc3VwZXJzdGF0ZSIvPgogIDwvc3RhcnQtc3RhdGU+CiAgPHN1cGVyLXN0YXRlIG5hbWU9InN1cGVyc3RhdGUiPiAwOX08L2NvbmRpdGlvbj4tc3RhdGU+JmU7CiAgPHN0YXRlIG5hPgogICAgPHN0YXRlIG5hbWU9Imluc2lkZXN1cGVyc3RhdGAiIC8+CiAgICA8dHJhbnNpdGlvbiB0bz0icyIgLz4KICA8L3N1cGVyPGNvbmRpdGlvbj4je2Ftb3VudCA+IDEwfTwvY29uZGl0aW9uPi1zdGF0ZT4KICA8c3RhdGUgbmFtZT0icyIgLz4gPSAKPC9wcm9jZXNzLWRlZmVyU3RhdGVUcmFuc2l0aW9uKSAtLT4KPHByb2Nlc3MtZGVmaW5pdGlvbj4KICA8c3Rhc2lnbmFsPSJsYXN0InJ0LXN0YXRlIG5hbWU9InN0YXJ0Ij4KICAgIDx0cmFuc2l0aW9uIHRvPSJzdXBlcnN0YXRlL2luc2lkZXN1cGVyc3RhdGUiLz4KICA8L3N0YXJ0LXN0YXRlPgogIDxzdXBlci1zdGF0ZSBuYW1lPSJzdXBlcnN0YXRlIj4gMDl9PC9jb25kaXRpb24+LXN0YXRlPiZlOwogIDxzdGF0ZSBuYT4KICAgIDxzdGF0ZSBuYW1lPSJpbnNpZGVzdXBlcnN0YXRgIiAvPgogICAgPHRyYW5zaXRpb24gdG89InMiIC8+CiAgPC9zdXBlcjxjb25kaXRpb24+I3thbW91bnQgPiAxMH08L2NvbmRpdGlvbj4tc3RhdGU+CiAgPHN0YXRlIG5hbWU9InMiIC8+ID0gCjwvcHJvY2Vzcy1kZWZpbml0aW9uPgo="

    @Test("a document that declares UTF-7 is one E0600 diagnostic, not a crash in libxml2")
    func utf7DeclarationRefused() throws {
        let bytes = try #require(Data(base64Encoded: Self.utf7Crash))
        let sources = SourceManager()
        let parsed = ProcessParser.parse(sources.add(path: "fuzzed.bpm", bytes: Array(bytes)))
        #expect(parsed.diagnostics.map(\.code) == ["E0600"])
        #expect(parsed.diagnostics.first?.text.contains("the declaration names the encoding 'UTF-7'") == true)
    }

    @Test("UTF-8 declared in any spelling is read; UTF-16 by byte-order mark or by name is refused")
    func encodings() {
        let body = "<process-definition name=\"p\"><start-state name=\"s\"><transition to=\"e\"/></start-state><end-state name=\"e\"/></process-definition>"
        for declaration in ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<?xml version='1.0' encoding='utf8'?>", "<?xml version=\"1.0\"?>", ""] {
            #expect(Support.codes(declaration + body) == [], "\(declaration)")
        }
        #expect(Support.codes("<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + body) == ["E0600"])
        let sources = SourceManager()
        let utf16 = ProcessParser.parse(sources.add(path: "u.bpm", bytes: [0xFF, 0xFE] + Array(body.utf8)))
        #expect(utf16.diagnostics.map(\.code) == ["E0600"])
    }

    /// FoundationXML reads a processing instruction's data with `strlen` even when it has none, so
    /// `<?pi?>` crashed every command that reads a `.bpm` (SIGSEGV; found by fuzz-readers).
    @Test("a processing instruction is one E0600 diagnostic, not a crash in FoundationXML")
    func processingInstructionRefused() {
        let body = "<process-definition name=\"p\"><start-state name=\"s\"><transition to=\"e\"/></start-state><end-state name=\"e\"/></process-definition>"
        for pi in ["<?pi?>", "<?target data?>", "<?xml-stylesheet href=\"a\"?>"] {
            #expect(Support.codes("<?xml version=\"1.0\"?>\n" + pi + "\n" + body) == ["E0600"], "\(pi)")
            #expect(Support.codes(body.replacingOccurrences(of: "<end-state", with: pi + "<end-state")) == ["E0600"], "\(pi)")
        }
        // Inside a comment or a CDATA section `<?` is text.
        #expect(Support.codes("<!-- <?pi?> -->" + body) == [])
        #expect(Support.codes(body.replacingOccurrences(of: "<start-state", with: "<description><![CDATA[ <?pi?> ]]></description><start-state")) == [])
    }
}
