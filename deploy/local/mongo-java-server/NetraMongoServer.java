// A main for mongo-java-server with the address and backend chosen on the command line
// (the library's own H2MongoServer.main binds localhost:27017 only).
//
// Wire version: 1.47.0 reports at most wire version 8 (its MONGO_5_0 constant), and
// PyMongo 4.20 refuses anything below 9 (MongoDB 4.4). This main therefore reports
// 4.4.0 / wire 9: PyMongo then connects, and only sends wire-9 features when a caller
// asks for them. That is a claim the server does not fully back; the contract suite,
// not the version number, decides whether Netra works on it (docs/decisions.md).
//
//   java -cp 'libs/*:classes' NetraMongoServer HOST PORT memory
//   java -cp 'libs/*:classes' NetraMongoServer HOST PORT h2 FILE [CACHE_MB [COMMIT]]
//
// CACHE_MB (default 16, MVStore's own) is the H2 MVStore page cache: a collection
// scan slows by orders of magnitude once the data outgrow it.
//
// COMMIT says when a write reaches the file:
//   write       (default) every command that may write commits the MVStore before it
//               is answered: a write the client saw acknowledged survives a crash or
//               SIGKILL of this process (it is in the file, in the OS page cache);
//   write-sync  the same plus an fsync per such command: survives a crash of the machine;
//   periodic    MVStore's own background commit, about once a second: a crash of this
//               process loses the writes of the last second (the library's behaviour).
//
// SIGTERM runs the shutdown hook: stop listening, close the backend (the H2 MVStore
// file is written and closed), exit.
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Set;
import org.h2.mvstore.MVStore;

public final class NetraMongoServer {
    private NetraMongoServer() {}

    /** MongoDB 4.4, wire version 9: the lowest PyMongo 4.20 accepts. */
    private static final MongoVersion REPORTED =
            new MongoVersion() {
                @Override
                public List<Integer> getVersionArray() {
                    return List.of(4, 4, 0);
                }

                @Override
                public int getWireVersion() {
                    return 9;
                }
            };

    /** Commands that never write: answered without a commit. */
    private static final Set<String> READS =
            Set.of(
                    "find", "getMore", "count", "distinct", "listCollections", "listIndexes",
                    "listDatabases", "hello", "isMaster", "ismaster", "ping", "buildInfo",
                    "buildinfo", "getLastError", "getlasterror", "serverStatus", "dbStats",
                    "collStats", "whatsmyuri", "getParameter", "endSessions", "killCursors",
                    "connectionStatus", "hostInfo", "getLog", "getCmdLineOpts");

    /** H2 backend whose write commands commit (and optionally fsync) before they answer. */
    private static final class CommittingH2Backend extends H2Backend {
        private final boolean sync;

        CommittingH2Backend(MVStore store, boolean sync) {
            super(store);
            this.sync = sync;
        }

        @Override
        public Document handleCommand(
                Channel channel, String databaseName, String command, Document query) {
            try {
                return super.handleCommand(channel, databaseName, command, query);
            } finally {
                // Also after a failed command: an unordered insert_many may have written
                // part of its documents before a duplicate key stopped one of them.
                if (!READS.contains(command)) {
                    commit();
                    if (sync) {
                        getMvStore().sync();
                    }
                }
            }
        }
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: NetraMongoServer HOST PORT memory|h2 [FILE [CACHE_MB]]");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        MongoBackend backend;
        switch (args[2]) {
            case "memory" -> backend = new MemoryBackend();
            case "h2" -> {
                if (args.length < 4) {
                    System.err.println("h2 needs a FILE");
                    System.exit(2);
                }
                int cacheMb = args.length > 4 ? Integer.parseInt(args[4]) : 16;
                String commit = args.length > 5 ? args[5] : "write";
                MVStore.Builder builder =
                        new MVStore.Builder().fileName(args[3]).cacheSize(cacheMb);
                switch (commit) {
                    case "write" -> backend = new CommittingH2Backend(builder.open(), false);
                    case "write-sync" -> backend = new CommittingH2Backend(builder.open(), true);
                    case "periodic" -> backend = new H2Backend(builder.open());
                    default -> {
                        System.err.println("COMMIT must be write, write-sync or periodic");
                        System.exit(2);
                        return;
                    }
                }
            }
            default -> {
                System.err.println("unknown backend " + args[2]
                + (args[2].equals("h2") ? " commit " + (args.length > 5 ? args[5] : "write") : ""));
                System.exit(2);
                return;
            }
        }
        backend.version(REPORTED);
        MongoServer server = new MongoServer(backend);
        server.bind(host, port);
        System.out.println("mongo-java-server ready on " + host + ":" + port + " backend " + args[2]
                + (args[2].equals("h2") ? " commit " + (args.length > 5 ? args[5] : "write") : ""));
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    }
}
