import { exchangeProgram } from "./program";

export = exchangeProgram();
