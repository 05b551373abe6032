// swift-tools-version:6.0
// Owner Portal: the platform owner's console for a multi-tenant booking SaaS.
// No Swift package dependencies: Foundation, Glibc/Dispatch and two system libraries.
import PackageDescription

/// One set of settings for every Swift target.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "OwnerPortal",
    products: [
        .executable(name: "portal", targets: ["PortalServer"])
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(name: "CLinux"),
        .target(
            name: "Views",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PortalDomain",
            dependencies: ["CSQLite", "COpenSSL"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "PortalServer",
            dependencies: ["Views", "PortalDomain", "COpenSSL", "CLinux"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ViewsTests",
            dependencies: ["Views"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PortalDomainTests",
            dependencies: ["PortalDomain"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PortalServerTests",
            dependencies: ["PortalServer", "Views", "PortalDomain"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
