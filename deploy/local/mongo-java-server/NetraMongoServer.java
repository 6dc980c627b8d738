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
//   java -cp 'libs/*:classes' NetraMongoServer HOST PORT h2 FILE [CACHE_MB]
//
// CACHE_MB (default 16, MVStore's own) is the H2 MVStore page cache: a collection
// scan slows by orders of magnitude once the data outgrow it.
//
// SIGTERM runs the shutdown hook: stop listening, close the backend (the H2 MVStore
// file is written and closed), exit.
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.List;
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
                backend = new H2Backend(
                        new MVStore.Builder().fileName(args[3]).cacheSize(cacheMb).open());
            }
            default -> {
                System.err.println("unknown backend " + args[2]);
                System.exit(2);
                return;
            }
        }
        backend.version(REPORTED);
        MongoServer server = new MongoServer(backend);
        server.bind(host, port);
        System.out.println("mongo-java-server ready on " + host + ":" + port + " backend " + args[2]);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    }
}
