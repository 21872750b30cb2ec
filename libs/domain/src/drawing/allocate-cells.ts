/**
 * Max-flow (Edmonds–Karp) over source → cell → question class → sink: how many questions each
 * blueprint cell can get when every question serves at most one cell. Sizes are tiny (tens of cells
 * and classes), so a plain residual graph is plenty.
 */
class FlowNetwork {
  private readonly to: number[] = [];
  private readonly capacity: number[] = [];
  private readonly adjacency: number[][];

  constructor(private readonly nodeCount: number) {
    this.adjacency = Array.from({ length: nodeCount }, () => []);
  }

  /** Adds u → v with the given capacity; returns the edge index (its reverse is index ^ 1). */
  addEdge(u: number, v: number, capacity: number): number {
    const index = this.to.length;
    this.to.push(v, u);
    this.capacity.push(capacity, 0);
    this.adjacency[u].push(index);
    this.adjacency[v].push(index + 1);
    return index;
  }

  /** Flow currently carried by a forward edge. */
  flowOn(edge: number): number {
    return this.capacity[edge ^ 1];
  }

  maxFlow(source: number, sink: number): number {
    let total = 0;
    for (;;) {
      const via = new Array<number>(this.nodeCount).fill(-1);
      const queue = [source];
      via[source] = -2;
      for (let head = 0; head < queue.length && via[sink] === -1; head += 1) {
        const u = queue[head];
        for (const edge of this.adjacency[u]) {
          const v = this.to[edge];
          if (via[v] === -1 && this.capacity[edge] > 0) {
            via[v] = edge;
            queue.push(v);
          }
        }
      }
      if (via[sink] === -1) return total;
      let bottleneck = Infinity;
      for (let v = sink; v !== source; v = this.to[via[v] ^ 1]) bottleneck = Math.min(bottleneck, this.capacity[via[v]]);
      for (let v = sink; v !== source; v = this.to[via[v] ^ 1]) {
        this.capacity[via[v]] -= bottleneck;
        this.capacity[via[v] ^ 1] += bottleneck;
      }
      total += bottleneck;
    }
  }
}

/**
 * Grants per cell, serving cells in the given order: each cell gets as much as it can while the cells
 * before it keep what they got. `matches[j]` lists the classes cell j may draw from.
 */
export function allocateCells(needs: readonly number[], supply: readonly number[], matches: readonly number[][]): number[] {
  const cells = needs.length;
  const source = 0;
  const sink = cells + supply.length + 1;
  const network = new FlowNetwork(sink + 1);
  matches.forEach((classes, j) => {
    for (const c of classes) network.addEdge(1 + j, 1 + cells + c, Infinity);
  });
  supply.forEach((count, c) => network.addEdge(1 + cells + c, sink, count));
  const sourceEdges = needs.map((need, j) => {
    const edge = network.addEdge(source, 1 + j, need);
    network.maxFlow(source, sink);
    return edge;
  });
  return sourceEdges.map((edge) => network.flowOn(edge));
}

/** True when every cell can get all it needs at once. */
export function canAllocate(needs: readonly number[], supply: readonly number[], matches: readonly number[][]): boolean {
  const granted = allocateCells(needs, supply, matches);
  return granted.every((count, j) => count === needs[j]);
}
