import Foundation
import Testing

@testable import PortalDomain
@testable import PortalServer

/// Sign-in over HTTP, in-process through the responder.
@Suite struct SignInFlowTests {
    @Test func noSessionFixationTheTokenChangesAtSignInAndAfterTheSecondFactor() throws {
        let (test, accounts) = try TestPortal.withAccounts()
        let owner = try #require(accounts.users[.ownerAdmin])
        // An attacker plants a session cookie of their choosing: it is not a session, and sign-in replaces it.
        let planted = ByteEncoding.base64URL(Crypto.randomBytes(32))
        let form = try test.get("/login", headers: [("Cookie", "\(SessionCookie.name)=\(planted)")])
        #expect(form.cookie(SessionCookie.name) == "")  // an unknown token is cleared
        let password = try test.signIn(owner.email)
        #expect(password.status == 303)
        #expect(password.location == "/login/2fa")
        let first = try #require(password.cookie(SessionCookie.name))
        #expect(first != planted && first.utf8.count == 43)
        #expect(try test.portal.sessions.resolve(token: planted) == nil)
        #expect(try test.portal.sessions.resolve(token: first)?.state == .awaitingSecondFactor)
        // Awaiting the code, nothing else opens.
        #expect(try test.get("/owner").location == "/login/2fa")
        let page = try test.get("/login/2fa")
        let secret = try #require(accounts.secrets[owner.id])
        let second = try test.submit("/login/2fa", from: page, [("code", test.code(secret))])
        #expect(second.status == 303)
        #expect(second.location == "/owner")
        let full = try #require(second.cookie(SessionCookie.name))
        #expect(full != first)
        #expect(try test.portal.sessions.resolve(token: first) == nil)
        #expect(try test.portal.sessions.resolve(token: full)?.state == .full)
        #expect(try test.get("/owner").status == 200)
    }

    @Test func everySetCookieIsSecureHttpOnlyHostOnly() throws {
        let (test, accounts) = try TestPortal.withAccounts()
        let admin = try #require(accounts.users[.tenantAdmin])
        var responses: [PageResponse] = []
        responses.append(try test.get("/login"))
        responses.append(try test.signIn(admin.email, password: "wrong password entirely"))
        responses.append(try test.signIn(admin.email))
        let account = try test.get("/account")
        responses.append(account)
        responses.append(
            try test.submit("/account", from: account, [("action", "profile"), ("display_name", "Wanda W."), ("time_zone", "")]))
        responses.append(try test.get("/account"))
        let again = try test.get("/account")
        responses.append(
            try test.submit(
                "/account", from: again,
                [
                    ("action", "password"), ("current_password", AuthAccounts.password), ("new_password", "velvet comet orchard"),
                    ("new_password_confirm", "velvet comet orchard"),
                ]))
        let sessions = try test.get("/account/sessions")
        responses.append(sessions)
        responses.append(try test.submit("/logout", from: sessions, []))
        responses.append(try test.get("/login"))
        let fields = responses.flatMap(\.setCookies)
        #expect(
            Set(fields.map { String($0.prefix { $0 != "=" }) }) == [SessionCookie.name, SessionCookie.preName, FlashCookie.name])
        for field in fields {
            let attributes = field.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            #expect(attributes.contains("secure"), "\(field)")
            #expect(attributes.contains("httponly"), "\(field)")
            #expect(attributes.contains("path=/"), "\(field)")
            #expect(attributes.contains { $0.hasPrefix("samesite=") }, "\(field)")
            #expect(!attributes.contains { $0.hasPrefix("domain=") }, "\(field)")
            #expect(field.hasPrefix("__Host-"), "\(field)")
        }
        #expect(fields.contains { $0.hasPrefix(SessionCookie.name + "=") && $0.contains("SameSite=Lax") })
    }

    @Test func createOwnerFlowForcesPasswordChangeThenEnrolmentThenOwner() throws {
        let test = try TestPortal(auth: .cheap)
        let created = try test.portal.users.createStaff(
            email: "first@owner.example", displayName: "First Owner", role: .ownerAdmin,
            hasher: test.portal.auth.configuration.hasher, by: .system("cli:create-owner"))
        let oneTime = try #require(created.oneTimePassword)
        let signedIn = try test.signIn("first@owner.example", password: oneTime)
        #expect(signedIn.location == "/account")
        #expect(try test.get("/owner").location == "/account")
        #expect(try test.get("/account/2fa").location == "/account")
        let form = try test.get("/account")
        #expect(form.status == 200)
        #expect(form.text.contains("Choose a new password"))
        #expect(!form.text.contains("id=\"display_name\""))  // only the password form
        let mismatch = try test.submit(
            "/account", from: form,
            [
                ("current_password", oneTime), ("new_password", "violet harbour lantern"),
                ("new_password_confirm", "violet harbour"),
            ])
        #expect(mismatch.status == 422)
        let weak = try test.submit(
            "/account", from: form,
            [("current_password", oneTime), ("new_password", "password1234"), ("new_password_confirm", "password1234")])
        #expect(weak.status == 422)
        #expect(weak.text.contains("too common"))
        let changed = try test.submit(
            "/account", from: form,
            [
                ("current_password", oneTime), ("new_password", "violet harbour lantern"),
                ("new_password_confirm", "violet harbour lantern"),
            ])
        #expect(changed.status == 303)
        #expect(changed.location == "/account/2fa")
        #expect(changed.cookie(SessionCookie.name) != nil)
        // Owner staff reach no owner page until enrolled.
        #expect(try test.get("/owner").location == "/account/2fa")
        #expect(try test.get("/account/sessions").location == "/account/2fa")
        let enrol = try test.get("/account/2fa")
        #expect(enrol.status == 200)
        #expect(enrol.text.contains("<svg") && enrol.text.contains("role=\"img\""))
        #expect(!enrol.text.contains("style="))
        let secret = try #require(SignInFlowTests.secret(in: enrol.text))
        let wrongCode = test.code(secret) == "000000" ? "111111" : "000000"
        #expect(try test.submit("/account/2fa", from: enrol, [("action", "confirm"), ("code", wrongCode)]).status == 401)
        let codes = try test.submit("/account/2fa", from: enrol, [("action", "confirm"), ("code", test.code(secret))])
        #expect(codes.status == 200)
        #expect(codes.text.components(separatedBy: "<li><code>").count == 11)
        #expect(codes.cookie(SessionCookie.name) != nil)
        #expect(try test.get("/owner").status == 200)
        // Signing in again now asks for the code.
        test.clearCookies()
        #expect(try test.signIn("first@owner.example", password: "violet harbour lantern").location == "/login/2fa")
    }

    @Test func anonymousIsSentToSignInAndBackToWhereTheyWereGoing() throws {
        let (test, accounts) = try TestPortal.withAccounts()
        let redirect = try test.get("/account/sessions?x=1")
        #expect(redirect.status == 303)
        #expect(redirect.location == "/login?next=%2Faccount%2Fsessions%3Fx%3D1")
        let admin = try #require(accounts.users[.tenantAdmin])
        #expect(try test.signIn(admin.email, next: "/account/sessions?x=1").location == "/account/sessions?x=1")
        test.clearCookies()
        // Only local paths, and only the viewer's side of the portal.
        #expect(try test.signIn(admin.email, next: "https://evil.example/").location == "/app")
        test.clearCookies()
        #expect(try test.signIn(admin.email, next: "//evil.example/").location == "/app")
        test.clearCookies()
        #expect(try test.signIn(admin.email, next: "/owner/tenants").location == "/app")
        // Signed in, /login moves on and / goes to the right side.
        #expect(try test.get("/login").location == "/app")
        #expect(try test.get("/").location == "/app")
    }

    @Test func oneGenericErrorForUnknownAndWrong() throws {
        let (test, accounts) = try TestPortal.withAccounts()
        let wrong = try test.signIn(try #require(accounts.users[.support]).email, password: "not the password at all")
        let unknown = try test.signIn("nobody@staff.example", password: "not the password at all")
        #expect(wrong.status == 401 && unknown.status == 401)
        #expect(wrong.text.contains(AuthMessages.signInFailed))
        #expect(unknown.text.contains(AuthMessages.signInFailed))
        #expect(wrong.cookie(SessionCookie.name) == nil && unknown.cookie(SessionCookie.name) == nil)
        // The typed address is kept in the form, the password is not.
        #expect(unknown.text.contains("value=\"nobody@staff.example\""))
        #expect(!unknown.text.contains("not the password at all"))
    }

    @Test func throttlingAndLockOverHTTP() throws {
        let (test, accounts) = try TestPortal.withAccounts()
        let email = try #require(accounts.users[.billingOps]).email
        let lock = test.portal.auth.configuration.accountThrottle.lockDuration
        var statuses: [Int] = []
        var waits: [String] = []
        for _ in 0..<40 {
            let response = try test.signIn(email, password: "guessing again")
            statuses.append(response.status)
            if response.status == 429 {
                let wait = try #require(response.header("Retry-After"))
                waits.append(wait)
                #expect(response.text.contains("Too many attempts"))
                if wait == String(lock) { break }
                test.clock.advance(by: TimeInterval(Int(wait) ?? 0))
            }
        }
        #expect(statuses.prefix(3) == [401, 401, 401])
        #expect(waits.first == "2")
        #expect(waits.last == String(lock))
        // Locked: even the right password is refused.
        #expect(try test.signIn(email).status == 429)
        let audit = try test.portal.audit.page(AuditFilter(action: "auth.locked"), by: .system("test")).entries
        #expect(audit.first?.facts["scope"] == "account")
        #expect(audit.first?.targetID == accounts.users[.billingOps]?.id)
    }

    @Test func signOutEndsTheSession() throws {
        let (test, accounts) = try TestPortal.withAccounts()
        let response = try test.signIn(try #require(accounts.users[.client]).email)
        let token = try #require(response.cookie(SessionCookie.name))
        let page = try test.get("/account")
        let out = try test.submit("/logout", from: page, [])
        #expect(out.status == 303 && out.location == "/login")
        #expect(out.cookie(SessionCookie.name) == "")
        #expect(try test.portal.sessions.resolve(token: token) == nil)
        #expect(try test.get("/account").location == "/login?next=%2Faccount")
        let audit = try test.portal.audit.page(AuditFilter(action: "auth.signed_out"), by: .system("test")).entries
        #expect(audit.count == 1)
    }

    /// The TOTP secret printed on the enrolment page (groups of four).
    static func secret(in html: String) -> String? {
        guard let range = html.range(of: "<code class=\"secret\">") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "<" }).replacingOccurrences(of: " ", with: "")
    }
}
