import { PolicyPack } from "@pulumi/policy";
import { rules } from "./rules";

new PolicyPack("exchange-multicloud", { policies: rules });
