extension BookingService {
    /// One session of the tenant (a foreign tenant's id is not found): the cancel confirmation shows it.
    public func get(_ id: Int64, tenant tenantID: Int64, by actor: ActingUser) throws -> Booking {
        try actor.requireRead(tenant: tenantID)
        return try context.read { db, _ in try BookingService.load(db, id, tenantID: tenantID) }
    }
}
