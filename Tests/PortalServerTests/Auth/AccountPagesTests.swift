import Foundation
import Testing
import Views

@testable import PortalDomain
@testable import PortalServer

/// The account pages over HTTP: profile, sessions, two-factor settings.
@Suite struct AccountPagesTests {
    @Test func profileChangesNameAndTimeZone() throws {
        let (test, accounts) = try TestPortal.withAccounts()
        _ = try test.signIn(try #require(accounts.users[.tenantAdmin]).email)
        let page = try test.get("/account")
        #expect(page.text.contains("Default (Europe/Berlin)"))
        let bad = try test.submit(
            "/account", from: page, [("action", "profile"), ("display_name", ""), ("time_zone", "Mars/Base")])
        #expect(bad.status == 422)
        #expect(bad.text.contains("Name is required"))
        let saved = try test.submit(
            "/account", from: page, [("action", "profile"), ("display_name", "Wanda West"), ("time_zone", "Asia/Kolkata")])
        #expect(saved.status == 303)
        let shown = try test.get("/account")
        #expect(shown.text.contains("Profile saved."))
        #expect(shown.text.contains("<option value=\"Asia/Kolkata\" selected>"))
        #expect(shown.text.contains("times in Asia/Kolkata"))
    }

    @Test func sessionsListAndSignOutOthers() throws {
        let (test, accounts) = try TestPortal.withAccounts()
        let admin = try #require(accounts.users[.tenantAdmin])
        let other = try accounts.session(.tenantAdmin, on: test.portal)
        _ = try test.signIn(admin.email)
        let page = try test.get("/account/sessions")
        #expect(page.status == 200)
        #expect(page.text.components(separatedBy: "<tr>").count - 1 == 2 + 1)  // header row + two sessions
        #expect(page.text.contains("this browser"))
        let done = try test.submit("/account/sessions", from: page, [("action", "others")])
        #expect(done.status == 303)
        #expect(try test.get("/account/sessions").text.contains("1 other session was signed out."))
        #expect(try test.portal.sessions.resolve(token: other) == nil)
        // Someone else's session id is not found.
        let foreign = try accounts.session(.coach, on: test.portal)
        let foreignID = try #require(try test.portal.sessions.resolve(token: foreign)?.record.id)
        let refused = try test.submit("/account/sessions", from: page, [("action", "revoke"), ("session", String(foreignID))])
        #expect(refused.status == 404)
        #expect(try test.portal.sessions.resolve(token: foreign) != nil)
    }

    @Test func tenantUsersEnrolAndTurnTwoFactorOff() throws {
        let (test, accounts) = try TestPortal.withAccounts()
        _ = try test.signIn(try #require(accounts.users[.coach]).email)
        let enrol = try test.get("/account/2fa")
        let secret = try #require(SignInFlowTests.secret(in: enrol.text))
        let codes = try test.submit("/account/2fa", from: enrol, [("action", "confirm"), ("code", test.code(secret))])
        #expect(codes.status == 200)
        let settings = try test.get("/account/2fa")
        #expect(settings.text.contains("10 unused recovery codes left."))
        #expect(settings.text.contains("Turn off two-factor sign-in"))
        test.clock.advance(by: 30)
        let off = try test.submit("/account/2fa", from: settings, [("action", "disable"), ("code", test.code(secret))])
        #expect(off.status == 303)
        #expect(try test.get("/account/2fa").text.contains("Set it up"))
    }

    @Test func staffCannotTurnItOff() throws {
        let (test, accounts) = try TestPortal.withAccounts()
        let token = try accounts.session(.readOnly, on: test.portal)
        let page = try test.get("/account/2fa", headers: [("Cookie", "\(SessionCookie.name)=\(token)")])
        #expect(page.text.contains("Owner staff cannot turn two-factor sign-in off."))
        #expect(!page.text.contains("Turn off two-factor sign-in"))
    }

    @Test func theQRCodeOnThePageIsTheViewsEncoderDrawing() throws {
        let code = try QRCode(text: "otpauth://totp/Owner%20Portal:a@b.example?secret=JBSWY3DPEHPK3PXP&issuer=Owner%20Portal")
        let values = TwoFactorPages.svgValues(code)
        let path = try #require(values["path"]?.text)
        #expect(code.svg().contains("d=\"\(path)\""))
        #expect(values["side"]?.text == String(code.size + 8))
    }
}
