// deploy/compose.yaml's mongo-init: make mongo-1..3 the replica set rs0 once, then wait
// until it has a primary, so the services depending on this step find a writable store.
// Run again on every `up`: an initiated set is left as it is.
const members = [
  { _id: 0, host: "mongo-1:27017" },
  { _id: 1, host: "mongo-2:27017" },
  { _id: 2, host: "mongo-3:27017" },
];
try {
  rs.status();
  print("replica set rs0 already initiated");
} catch (e) {
  if (e.codeName !== "NotYetInitialized") throw e;
  rs.initiate({ _id: "rs0", members: members });
  print("replica set rs0 initiated");
}
const deadline = Date.now() + 120 * 1000;
while (!db.hello().primary) {
  if (Date.now() > deadline) {
    print("no primary elected within 120 s");
    quit(1);
  }
  sleep(1000);
}
print("primary: " + db.hello().primary);
