package io.gatehouse.directory.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.events.MemberSource;
import io.gatehouse.events.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The member snapshot ({@code directory_member}) and the snapshot version, through plain JDBC so bulk work stays
 * cheap. Every method runs in the caller's transaction (the connection is the transaction's).
 */
@ApplicationScoped
public class MemberSnapshotStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final DataSource dataSource;

    public MemberSnapshotStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** External id → compact entry, streamed from the database (fetch size 1000). */
    @Transactional(Transactional.TxType.REQUIRED)
    public Map<String, SnapshotEntry> loadCompact(String accountId) {
        Map<String, SnapshotEntry> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("select external_id, email, first_name, last_name, groups_json,"
                                + " role, role_from_group from directory_member where account_id = ?")) {
            ps.setFetchSize(1000);
            ps.setString(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    MemberState s = read(rs);
                    out.put(s.externalId(), s.compact());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the member snapshot failed", e);
        }
        return out;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<MemberState> find(String accountId, String externalId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select external_id, email, first_name, last_name, groups_json,"
                                + " role, role_from_group from directory_member where account_id = ? and external_id = ?")) {
            ps.setString(1, accountId);
            ps.setString(2, externalId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the member snapshot failed", e);
        }
    }

    /**
     * The members with access whose email equals {@code email} case-insensitively (the identity rule's tie between
     * keys), JumpCloud ids before SCIM-only keys.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<MemberState> findByEmail(String accountId, String email) {
        String key = MemberIdentity.emailKey(email);
        if (key == null) {
            return List.of();
        }
        return members(
                "select external_id, email, first_name, last_name, groups_json, role, role_from_group"
                        + " from directory_member where account_id = ? and lower(email) = ?"
                        + " order by (external_id like 'scim:%'), external_id",
                accountId, key);
    }

    /** Members with access, ordered by email (for listings and tests). */
    @Transactional(Transactional.TxType.REQUIRED)
    public List<MemberState> list(String accountId) {
        return members(
                "select external_id, email, first_name, last_name, groups_json, role, role_from_group"
                        + " from directory_member where account_id = ? order by email, external_id",
                accountId);
    }

    private List<MemberState> members(String sql, String... args) {
        List<MemberState> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the member snapshot failed", e);
        }
        return out;
    }

    @Transactional(Transactional.TxType.REQUIRED)
    public int count(String accountId) {
        return (int) queryLong("select count(*) from directory_member where account_id = ?", accountId);
    }

    @Transactional(Transactional.TxType.REQUIRED)
    public long version(String accountId) {
        return queryLong("select snapshot_version from directory_connection where account_id = ?", accountId);
    }

    /** Compare-and-set of the snapshot version; false when another writer moved it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean advanceVersion(String accountId, long expected) {
        return update(
                        "update directory_connection set snapshot_version = snapshot_version + 1"
                                + " where account_id = ? and snapshot_version = ?",
                        ps -> {
                            ps.setString(1, accountId);
                            ps.setLong(2, expected);
                        })
                == 1;
    }

    /** Unconditional bump (SCIM writes, serialised by the row lock it takes). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void bumpVersion(String accountId) {
        update(
                "update directory_connection set snapshot_version = snapshot_version + 1 where account_id = ?",
                ps -> ps.setString(1, accountId));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void upsert(String accountId, List<MemberState> states, MemberSource source, Instant now) {
        if (states.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("insert into directory_member (account_id, external_id, email,"
                                + " first_name, last_name, groups_json, role, role_from_group, source, updated_at)"
                                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (account_id, external_id) do update set"
                                + " email = excluded.email, first_name = excluded.first_name, last_name = excluded.last_name,"
                                + " groups_json = excluded.groups_json, role = excluded.role,"
                                + " role_from_group = excluded.role_from_group, source = excluded.source,"
                                + " updated_at = excluded.updated_at")) {
            for (MemberState s : states) {
                ps.setString(1, accountId);
                ps.setString(2, s.externalId());
                ps.setString(3, s.email());
                ps.setString(4, s.firstName());
                ps.setString(5, s.lastName());
                ps.setString(6, JSON.writeValueAsString(s.groups()));
                ps.setString(7, s.role().name());
                ps.setBoolean(8, s.roleFromGroup());
                ps.setString(9, source.name());
                ps.setTimestamp(10, Timestamp.from(now));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("writing the member snapshot failed", e);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void delete(String accountId, List<String> externalIds) {
        if (externalIds.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("delete from directory_member where account_id = ? and external_id = ?")) {
            for (String id : externalIds) {
                ps.setString(1, accountId);
                ps.setString(2, id);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("writing the member snapshot failed", e);
        }
    }

    private static MemberState read(ResultSet rs) throws SQLException {
        List<String> groups;
        try {
            groups = JSON.readValue(rs.getString(5), STRINGS);
        } catch (JsonProcessingException e) {
            throw new SQLException("groups_json is not a JSON array", e);
        }
        return new MemberState(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                groups,
                Role.valueOf(rs.getString(6)),
                rs.getBoolean(7));
    }

    private long queryLong(String sql, String arg) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("query failed", e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private int update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("update failed", e);
        }
    }
}
