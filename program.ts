import { ExchangeStack } from "./components/exchangeStack";
import { loadStackConfig } from "./config/load";

/** The Pulumi program: validated configuration in, exchange stack out. `index.ts` runs it; the offline plan runs it under mocks. */
export function exchangeProgram() {
    const exchange = new ExchangeStack("exchange", loadStackConfig());
    return { hostname: exchange.hostname, nodes: exchange.nodes, addresses: exchange.addresses, poolIds: exchange.poolIds };
}
