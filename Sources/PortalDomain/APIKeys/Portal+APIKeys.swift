extension Portal {
    /// Per-tenant API keys: created and revoked by tenant admins, checked on every `/api/v1` request.
    public var apiKeys: APIKeyService {
        APIKeyService(context: ServiceContext(database: database, clock: clock, keyring: keyring))
    }
}
