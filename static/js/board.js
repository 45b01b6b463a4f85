// The arrivals board's page (/board): a screen of its own, for the door or the hall.
import { connect } from "./api.js";
import { showBoard } from "./arrivals.js";

if (document.getElementById("groups")) showBoard(connect());
