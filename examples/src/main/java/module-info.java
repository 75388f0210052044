/**
 * The todo REST service, built the way the README teaches. Jackson reads and writes its
 * records by reflection, so their package is opened to it.
 */
module dev.weft.examples {
    requires dev.weft.core;
    requires dev.weft.json;

    opens dev.weft.examples.todo to com.fasterxml.jackson.databind;
}
