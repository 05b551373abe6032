extension Portal {
    /// Impersonation of tenant users by support staff: start, elevate, stop, expire, the provider-access log.
    public var impersonations: ImpersonationService {
        ImpersonationService(
            context: ServiceContext(database: database, clock: clock, keyring: keyring), twoFactor: twoFactor)
    }
}
