package lab.gil.run.nodes;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * PostgreSQL LISTEN/NOTIFY between the nodes sharing a database. One channel per schema (nodes of another schema in
 * the same database hear nothing of ours). The listener holds one connection of its own, waits on it with pgjdbc's
 * {@code getNotifications(timeout)} (no polling delay) and, if the database goes away, listens again once it is back,
 * telling its handlers so they can catch up with what they missed.
 */
public final class NodeChannel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeChannel.class);
    private static final int WAIT_MS = 500;

    private final DataSource dataSource;
    private final List<Consumer<Signal>> handlers = new CopyOnWriteArrayList<>();
    private final List<Runnable> reconnected = new CopyOnWriteArrayList<>();
    private final Thread listener;
    private volatile String channel;
    private volatile boolean closed;
    private volatile boolean listening;
    private volatile Connection connection;

    public NodeChannel(DataSource dataSource) {
        this.dataSource = dataSource;
        this.listener = new Thread(this::listen, "node-channel");
        listener.setDaemon(true);
    }

    /** Starts listening; returns once the first LISTEN is in place (or failed, then it is retried). */
    public void start() {
        channel = channelName();
        listener.start();
        for (int i = 0; i < 100 && !listening && !closed; i++) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    void onSignal(Consumer<Signal> handler) {
        handlers.add(handler);
    }

    /** Called each time listening starts again after the connection was lost. */
    void onReconnect(Runnable action) {
        reconnected.add(action);
    }

    /** Sends a signal to every node listening, this one included; a failure is only logged (the database is down). */
    void send(Signal signal) {
        try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            statement.setString(1, channel);
            statement.setString(2, signal.json());
            statement.execute();
        } catch (SQLException | RuntimeException e) {
            log.debug("could not notify the other nodes: {}", e.getMessage());
        }
    }

    public boolean listening() {
        return listening;
    }

    private void listen() {
        boolean first = true;
        while (!closed) {
            try (Connection c = dataSource.getConnection(); Statement statement = c.createStatement()) {
                connection = c;
                c.setAutoCommit(true);
                statement.execute("LISTEN \"" + channel + "\"");
                listening = true;
                if (!first) {
                    log.info("listening to the other nodes again");
                    reconnected.forEach(NodeChannel::quietly);
                }
                first = false;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] notifications = pg.getNotifications(WAIT_MS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            dispatch(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!closed) {
                    log.warn("lost the other nodes' notifications ({}); listening again in a second", e.getMessage());
                    pause();
                }
            }
        }
        listening = false;
    }

    private void dispatch(String payload) {
        Signal signal;
        try {
            signal = Signal.parse(payload);
        } catch (IllegalArgumentException e) {
            log.warn("ignored a notification: {}", e.getMessage());
            return;
        }
        for (Consumer<Signal> handler : handlers) {
            try {
                handler.accept(signal);
            } catch (RuntimeException e) {
                log.warn("handling a notification failed: {}", e.toString());
            }
        }
    }

    private String channelName() {
        try (Connection c = dataSource.getConnection(); Statement statement = c.createStatement();
             ResultSet row = statement.executeQuery("SELECT current_schema()")) {
            row.next();
            return ("gillab_" + row.getString(1)).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database to listen to other nodes: " + e.getMessage(), e);
        }
    }

    private static void quietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("catching up after a lost connection failed: {}", e.toString());
        }
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Closing is best effort; the thread leaves at its next wait.
            }
        }
        listener.interrupt();
    }
}
