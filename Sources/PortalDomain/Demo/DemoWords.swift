/// Small word lists for realistic demo names. Order matters: the seed indexes into them.
enum DemoWords {
    /// Given names.
    static let firstNames = [
        "Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hannah", "Ivan", "Julia", "Karl", "Lena", "Max", "Nina",
        "Oskar", "Paula", "Quentin", "Rosa", "Samuel", "Tara", "Uma", "Viktor", "Wanda", "Xavier", "Yara", "Zoe", "Liam",
        "Mia", "Noah", "Olivia", "Elias", "Sofia", "Leon", "Marie", "Jonas", "Lea", "Finn", "Ella", "Paul", "Lina", "Tom",
        "Ida", "Lukas", "Amelie", "Jakob", "Nora", "Milan", "Leni", "Aaron", "Maja",
    ]
    /// Family names.
    static let lastNames = [
        "Schmidt", "Müller", "Weber", "Fischer", "Wagner", "Becker", "Hoffmann", "Schulz", "Koch", "Richter", "Klein", "Wolf",
        "Neumann", "Schwarz", "Braun", "Zimmermann", "Krüger", "Hartmann", "Lange", "Werner", "Smith", "Jones", "Garcia",
        "Martin", "Bernard", "Rossi", "Costa", "Novak", "Kowalski", "Nielsen", "Jansen", "Dubois", "Moreau", "Silva", "Lopez",
        "Young", "Walker", "Hall", "Allen", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Carter", "Perez",
        "Roberts", "Turner",
    ]
    /// First words of studio names.
    static let studioWords = [
        "Pulse", "Core", "Iron", "Zen", "Volt", "Spark", "Flex", "Summit", "Forge", "Motion", "Balance", "Atlas", "Nova",
        "Peak", "Rise", "Vital", "Kinetic", "Apex", "Flow", "Bolt", "Titan", "Shape", "Prime", "Echo", "Orbit", "Fusion",
        "Lumen", "Nord", "Aura", "Vigor",
    ]
    /// Kinds of studio.
    static let studioKinds = ["EMS Studio", "EMS Lab", "Fitness", "Body Studio", "Training", "EMS Club", "Personal Training"]
    /// Cities with their IANA time zones.
    static let cities = [
        ("Berlin", "Europe/Berlin"), ("Hamburg", "Europe/Berlin"), ("Munich", "Europe/Berlin"), ("Vienna", "Europe/Vienna"),
        ("Zurich", "Europe/Zurich"), ("London", "Europe/London"), ("Paris", "Europe/Paris"), ("Madrid", "Europe/Madrid"),
        ("Amsterdam", "Europe/Amsterdam"), ("Milan", "Europe/Rome"), ("New York", "America/New_York"),
        ("Chicago", "America/Chicago"), ("Austin", "America/Chicago"), ("Los Angeles", "America/Los_Angeles"),
        ("Bangkok", "Asia/Bangkok"), ("Singapore", "Asia/Singapore"), ("Sydney", "Australia/Sydney"),
        ("Mumbai", "Asia/Kolkata"), ("Kathmandu", "Asia/Kathmandu"), ("Toronto", "America/Toronto"),
    ]
    /// Words of demo passwords.
    static let passwordWords = [
        "amber", "birch", "cobalt", "delta", "ember", "fjord", "granite", "harbor", "indigo", "juniper", "kestrel", "lagoon",
        "meadow", "nimbus", "orchid", "pepper", "quartz", "raven", "saffron", "tundra", "umber", "velvet", "willow", "zephyr",
    ]
    /// Reasons tenants give for upgrades.
    static let upgradeReasons = [
        "We keep hitting the client limit and turn people away.", "Opening a second location next month.",
        "We need the reports and marketing tools for our new campaign.", "Two more coaches are joining the team.",
        "Our members love the app; we want the API for our website.",
    ]
    /// Reasons for suspensions.
    static let suspensionReasons = [
        "Unpaid invoices for two months", "Chargeback under review", "Terms of service violation reported",
    ]
    /// Reasons for blocks.
    static let blockReasons = ["Fraudulent sign-up", "Repeated abuse of the booking API"]
    /// Reasons for rejected upgrades.
    static let rejectionReasons = [
        "Please settle the open invoice first.", "The Enterprise plan needs a signed contract; our sales team will call you.",
    ]
}
