import Testing

@testable import PortalDomain

@Suite struct PasswordPolicyTests {
    @Test(arguments: [
        "short", "eleven char", "anna@pulse.example", "Anna@Pulse.Example", "anna.studio1", "password1234", "Password1234",
        "qwertyuiop12", "zzzzzzzzzzzzzzzz", "abababababab", "123456789012345", "abcdefghijklmn", "            ",
        String(repeating: "long ", count: 300),
    ])
    func refuses(_ password: String) {
        let email = password == "anna.studio1" ? "anna.studio1@pulse.example" : "anna@pulse.example"
        #expect(PasswordPolicy.problem(with: password, email: email) != nil, "\(password)")
    }

    @Test(arguments: ["plum orchard at dusk", "Tr0ub4dor&3xyz", "correct horse battery", "ünïcödé pässwörd"])
    func accepts(_ password: String) {
        #expect(PasswordPolicy.problem(with: password, email: "anna@pulse.example") == nil)
    }

    @Test func atTheLengthLimitAndOnePast() {
        #expect(PasswordPolicy.problem(with: "plum orchar1", email: "a@b.example") == nil)
        #expect(PasswordPolicy.problem(with: "plum orchar", email: "a@b.example") == "Use at least 12 characters")
    }
}
