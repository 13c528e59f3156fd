// The cluster namespace (issue 13): the scale-out lab's two arrangements. English is the reference: cluster.ko.ts has exactly these keys.
export const clusterEn = {
  scale: {
    sharedStorePostgres:
      "This server runs on PostgreSQL ({env}): server B is another process on the same PostgreSQL database, as the instances behind a load balancer are; server C has a database of its own.",
    oneMachine:
      "One-machine version: no {env} is set, so server B shares this server's SQLite file on the same machine, the one arrangement that cannot grow past one machine. Start with {env} (or {command}) to run it on PostgreSQL.",
  },
};
