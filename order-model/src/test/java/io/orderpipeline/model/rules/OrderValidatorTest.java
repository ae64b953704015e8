package io.orderpipeline.model.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderpipeline.model.LineItem;
import io.orderpipeline.model.Order;
import io.orderpipeline.model.Orders;
import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.model.RecordFormat;
import io.orderpipeline.model.ValidationResult;
import io.orderpipeline.model.Violation;
import io.orderpipeline.model.json.Json;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static io.orderpipeline.model.Orders.json;
import static io.orderpipeline.model.Orders.minimal;
import static org.assertj.core.api.Assertions.assertThat;

class OrderValidatorTest {

    private final OrderValidator validator = new OrderValidator(Orders.CLOCK);

    private ValidationResult validate(JsonNode record) {
        return validator.validate(record, RecordFormat.JSON);
    }

    private Order valid(JsonNode record, RecordFormat format) {
        ValidationResult result = validator.validate(record, format);
        assertThat(result).as("%s", result).isInstanceOf(ValidationResult.Valid.class);
        return ((ValidationResult.Valid) result).order();
    }

    private ValidationResult.Invalid invalid(JsonNode record) {
        return invalid(record, RecordFormat.JSON);
    }

    private ValidationResult.Invalid invalid(JsonNode record, RecordFormat format) {
        ValidationResult result = validator.validate(record, format);
        assertThat(result).as("%s", result).isInstanceOf(ValidationResult.Invalid.class);
        return (ValidationResult.Invalid) result;
    }

    private void assertOnly(JsonNode record, ReasonCode code, String path) {
        ValidationResult.Invalid result = invalid(record);
        assertThat(result.violations()).extracting(Violation::code, Violation::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(code, path));
    }

    @Test
    void theContractSampleIsValidAndKeepsEveryField() {
        Order order = valid(Orders.sample(), RecordFormat.JSON);

        assertThat(order.orderId()).isEqualTo("ORD-2026-000001");
        assertThat(order.customerId()).isEqualTo("CUST-0042");
        assertThat(order.orderDate()).isEqualTo("2026-11-20T09:15:00Z");
        assertThat(order.currency()).isEqualTo("EUR");
        assertThat(order.items()).containsExactly(
                new LineItem("SKU-RED-MUG", 2, new BigDecimal("9.95")),
                new LineItem("SKU-TEA-100", 1, new BigDecimal("4.50")));
        assertThat(order.totalAmount()).isEqualByComparingTo("24.40");
        assertThat(order.channel()).isEqualTo("web");
        assertThat(order.shippingAddress().get("city").asText()).isEqualTo("Dublin");
        assertThat(order.attributes().get("giftWrap").booleanValue()).isTrue();
    }

    @Test
    void optionalFieldsMayBeMissingOrNull() {
        ObjectNode record = minimal();
        record.putNull("channel");
        record.putNull("attributes");
        Order order = valid(record, RecordFormat.JSON);
        assertThat(order.channel()).isNull();
        assertThat(order.shippingAddress()).isNull();
        assertThat(order.attributes()).isNull();
    }

    @Nested
    class RecordShape {
        @ParameterizedTest
        @ValueSource(strings = {"[1,2]", "\"ORD-1\"", "42", "null", "true"})
        void aRecordThatIsNotAnObjectIsMalformedAndCarriesItsText(String text) {
            ValidationResult.Invalid result = invalid(Orders.anyJson(text));
            assertThat(result.orderId()).isNull();
            assertThat(result.violations()).singleElement().satisfies(v -> {
                assertThat(v.code()).isEqualTo(ReasonCode.MALFORMED_RECORD);
                assertThat(v.path()).isEqualTo("$");
                assertThat(v.message()).contains(text);
            });
        }

        @Test
        void aJavaNullRecordIsMalformed() {
            assertThat(invalid(null).primaryReason()).isEqualTo(ReasonCode.MALFORMED_RECORD);
        }

        @Test
        void everyMissingRequiredFieldIsReported() {
            ValidationResult.Invalid result = invalid(json("{}"));
            assertThat(result.violations()).extracting(Violation::code).containsOnly(ReasonCode.MISSING_FIELD);
            assertThat(result.violations()).extracting(Violation::path).containsExactly(
                    "$.orderId", "$.customerId", "$.orderDate", "$.currency", "$.items", "$.totalAmount");
        }

        @Test
        void wrongTypesAreMalformedAtTheirPathAndOtherRulesStillRun() {
            ObjectNode record = minimal();
            record.put("customerId", 42);
            record.put("items", "[{\"sku\":\"SKU-1\",\"quantity\":2,\"unitPrice\":9.95}]");
            record.put("currency", "eur");
            ValidationResult.Invalid result = invalid(record);
            assertThat(result.violations()).extracting(Violation::code, Violation::path).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(ReasonCode.MALFORMED_RECORD, "$.customerId"),
                    org.assertj.core.groups.Tuple.tuple(ReasonCode.INVALID_CURRENCY, "$.currency"),
                    org.assertj.core.groups.Tuple.tuple(ReasonCode.MALFORMED_RECORD, "$.items"));
            assertThat(result.violations().getFirst().message()).contains("must be a string").contains("42");
            assertThat(result.orderId()).isEqualTo("ORD-1");
        }

        @Test
        void anItemThatIsNotAnObjectIsMalformed() {
            ObjectNode record = minimal();
            ((ArrayNode) record.get("items")).add("SKU-2");
            assertOnly(record, ReasonCode.MALFORMED_RECORD, "$.items[1]");
        }

        @Test
        void aNumberWrittenAsAStringIsAWrongTypeInJson() {
            ObjectNode record = minimal();
            record.put("totalAmount", "19.90");
            item(record, 0).put("quantity", "2");
            ValidationResult.Invalid result = invalid(record);
            assertThat(result.violations()).extracting(Violation::code, Violation::path).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(ReasonCode.MALFORMED_RECORD, "$.items[0].quantity"),
                    org.assertj.core.groups.Tuple.tuple(ReasonCode.MALFORMED_RECORD, "$.totalAmount"));
        }

        @Test
        void aRecordIsJudgedByItsContentNotItsSizeAsWritten() {
            ObjectNode record = minimal();
            record.putObject("attributes").put("blob", "x".repeat(300_000));
            assertThat(validator.validate(record, RecordFormat.JSON).isValid()).isTrue();
        }

        @Test
        void freeFormNumbersDynamoDbCannotStoreAreMalformed() {
            ObjectNode record = minimal();
            record.putObject("attributes").putObject("nested").put("big", new BigDecimal("1E+200"));
            assertOnly(record, ReasonCode.MALFORMED_RECORD, "$.attributes.nested.big");
        }

        @Test
        void aFreeFormMemberWithAnEmptyNameIsMalformedBeforeTheWriteNotAFailedPut() {
            // DynamoDB refuses an empty attribute name ("Empty attribute name"): caught here, on both read paths
            ObjectNode record = minimal();
            record.putObject("attributes").putObject("nested").put("", "x");
            assertOnly(record, ReasonCode.MALFORMED_RECORD, "$.attributes.nested['']");
            assertThat(invalid(record).violations().getFirst().message()).contains("empty name");
            ObjectNode address = minimal();
            address.putObject("shippingAddress").put("", "1 Main St");
            assertOnly(address, ReasonCode.MALFORMED_RECORD, "$.shippingAddress['']");
        }

        @Test
        void freeFormNestingDeeperThanDynamoDbAllowsIsMalformed() {
            ObjectNode record = minimal();
            ObjectNode level = record.putObject("attributes");
            for (int i = 0; i < 40; i++) {
                level = level.putObject("n");
            }
            ValidationResult.Invalid result = invalid(record);
            assertThat(result.primaryReason()).isEqualTo(ReasonCode.MALFORMED_RECORD);
            assertThat(result.violations().getFirst().message()).contains("nested deeper");
        }

        @Test
        void shippingAddressMustBeAnObject() {
            ObjectNode record = minimal();
            record.put("shippingAddress", "1 Main St");
            assertOnly(record, ReasonCode.MALFORMED_RECORD, "$.shippingAddress");
        }
    }

    @Nested
    class Identifiers {
        @ParameterizedTest
        @ValueSource(strings = {"A", "0", "ORD-2026-000001", "a.b_c-d", "x123456789012345678901234567890123456789012345678901234567890123"})
        void validOrderIds(String id) {
            ObjectNode record = minimal();
            record.put("orderId", id);
            assertThat(valid(record, RecordFormat.JSON).orderId()).isEqualTo(id);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "-ORD", ".ORD", "_ORD", "ORD 1", "ORD/1", "ÖRD-1", "x1234567890123456789012345678901234567890123456789012345678901234"})
        void invalidOrderIdsAreReportedAndNotUsable(String id) {
            ObjectNode record = minimal();
            record.put("orderId", id);
            ValidationResult.Invalid result = invalid(record);
            assertThat(result.violations()).extracting(Violation::code).containsExactly(ReasonCode.INVALID_ORDER_ID);
            assertThat(result.orderId()).isNull();
        }

        @Test
        void theScannerAcceptsExactlyTheDocumentedRegex() {
            Pattern regex = Pattern.compile(io.orderpipeline.model.rules.Identifiers.PATTERN);
            String alphabet = "aZ09._- /ü:";
            Random random = new Random(7);
            for (int i = 0; i < 20_000; i++) {
                StringBuilder s = new StringBuilder();
                int length = random.nextInt(67);
                for (int k = 0; k < length; k++) {
                    s.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                String candidate = s.toString();
                assertThat(io.orderpipeline.model.rules.Identifiers.isValid(candidate)).as(candidate)
                        .isEqualTo(regex.matcher(candidate).matches());
            }
        }

        @Test
        void customerIdMustNotBeBlankNorLongerThan64() {
            ObjectNode record = minimal();
            record.put("customerId", "   ");
            assertOnly(record, ReasonCode.INVALID_CUSTOMER_ID, "$.customerId");
            record.put("customerId", "c".repeat(65));
            assertOnly(record, ReasonCode.INVALID_CUSTOMER_ID, "$.customerId");
            record.put("customerId", "Ä customer / with spaces " + "c".repeat(39));
            assertThat(valid(record, RecordFormat.JSON).customerId()).hasSize(64);
        }

        @Test
        void skuFollowsTheIdentifierRule() {
            ObjectNode record = minimal();
            item(record, 0).put("sku", "SKU 1");
            assertOnly(record, ReasonCode.INVALID_SKU, "$.items[0].sku");
        }

        @Test
        void aRepeatedSkuIsReportedAtItsSecondOccurrence() {
            ObjectNode record = minimal();
            ArrayNode items = (ArrayNode) record.get("items");
            items.add(items.get(0).deepCopy());
            record.put("totalAmount", new BigDecimal("39.80"));
            ValidationResult.Invalid result = invalid(record);
            assertThat(result.violations()).singleElement().satisfies(v -> {
                assertThat(v.code()).isEqualTo(ReasonCode.DUPLICATE_SKU);
                assertThat(v.path()).isEqualTo("$.items[1].sku");
                assertThat(v.message()).contains("$.items[0]");
            });
        }
    }

    @Nested
    class Dates {
        @ParameterizedTest
        @CsvSource({
                "2026-11-20T09:15:00Z, 2026-11-20T09:15:00Z",
                "2026-11-20T10:15:00+01:00, 2026-11-20T09:15:00Z",
                "2026-11-19T23:15:00-10:00, 2026-11-20T09:15:00Z",
                "2026-11-20T09:15:00.120Z, 2026-11-20T09:15:00.120Z",
                "2026-11-20T09:15:00.000000001Z, 2026-11-20T09:15:00.000000001Z",
                "2026-11-20T09:15Z, 2026-11-20T09:15:00Z",
                "2026-11-20T09:15:00+01:00:30, 2026-11-20T08:14:30Z",
                "2024-02-29, 2024-02-29",
                "2026-11-20, 2026-11-20"
        })
        void isoInstantsAreNormalisedToUtcAndDatesKept(String text, String normalised) {
            ObjectNode record = minimal();
            record.put("orderDate", text);
            assertThat(valid(record, RecordFormat.JSON).orderDate()).isEqualTo(normalised);
        }

        @ParameterizedTest
        @ValueSource(strings = {"2026-11-20T09:15:00", "2026-02-29", "2026-13-01", "2026-11-31", "20-11-2026",
                "2026/11/20", "2026-11-20T25:00:00Z", "2026-11-20T09:15:00.Z", "yesterday", "2026-11-20 09:15:00Z",
                "2026-11-20T09:15:00+19:00"})
        void otherTextIsAnInvalidDate(String text) {
            ObjectNode record = minimal();
            record.put("orderDate", text);
            assertOnly(record, ReasonCode.INVALID_DATE, "$.orderDate");
        }

        @Test
        void anInstantUpToFiveMinutesAheadIsAcceptedOneSecondMoreIsFuture() {
            ObjectNode record = minimal();
            record.put("orderDate", "2026-11-24T10:05:00Z");
            assertThat(valid(record, RecordFormat.JSON).orderDate()).isEqualTo("2026-11-24T10:05:00Z");
            record.put("orderDate", "2026-11-24T10:05:01Z");
            assertOnly(record, ReasonCode.FUTURE_DATE, "$.orderDate");
            record.put("orderDate", "2026-11-24T11:05:00+01:00");
            assertThat(valid(record, RecordFormat.JSON).orderDate()).isEqualTo("2026-11-24T10:05:00Z");
        }

        @Test
        void aDateMayBeTomorrowInUtcButNotLater() {
            ObjectNode record = minimal();
            record.put("orderDate", "2026-11-25");
            assertThat(valid(record, RecordFormat.JSON).orderDate()).isEqualTo("2026-11-25");
            record.put("orderDate", "2026-11-26");
            assertOnly(record, ReasonCode.FUTURE_DATE, "$.orderDate");
        }
    }

    @Nested
    class Money {
        @ParameterizedTest
        @ValueSource(strings = {"eur", "EURO", "EU", "ABC", "XAU", "XXX", "€"})
        void unknownOrNonPayableCurrenciesAreInvalid(String currency) {
            ObjectNode record = minimal();
            record.put("currency", currency);
            assertOnly(record, ReasonCode.INVALID_CURRENCY, "$.currency");
        }

        @ParameterizedTest
        @CsvSource({
                "JPY, 100, 200",
                "JPY, 100.0, 200.00",
                "EUR, 9.95, 19.9",
                "EUR, 9.950, 19.900",
                "BHD, 1.234, 2.468",
                "USD, 0, 0"
        })
        void amountsWithinTheCurrencysDecimalsAreValid(String currency, String unitPrice, String total) {
            ObjectNode record = minimal();
            record.put("currency", currency);
            item(record, 0).put("unitPrice", new BigDecimal(unitPrice));
            record.put("totalAmount", new BigDecimal(total));
            Order order = valid(record, RecordFormat.JSON);
            assertThat(order.totalAmount()).isEqualByComparingTo(total);
        }

        @ParameterizedTest
        @CsvSource({
                "JPY, 100.5, 201",
                "EUR, 9.955, 19.91",
                "BHD, 1.2345, 2.469"
        })
        void aUnitPriceWithMoreDecimalsThanTheCurrencyAllowsIsAnInvalidAmount(String currency, String unitPrice, String total) {
            ObjectNode record = minimal();
            record.put("currency", currency);
            item(record, 0).put("unitPrice", new BigDecimal(unitPrice));
            record.put("totalAmount", new BigDecimal(total));
            ValidationResult.Invalid result = invalid(record);
            assertThat(result.violations()).extracting(Violation::code, Violation::path).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(ReasonCode.INVALID_AMOUNT, "$.items[0].unitPrice"));
            assertThat(result.violations().getFirst().message()).contains(currency);
        }

        @Test
        void aTotalWithTooManyDecimalsIsAnInvalidAmountNotAMismatch() {
            ObjectNode record = minimal();
            record.put("totalAmount", new BigDecimal("19.901"));
            assertOnly(record, ReasonCode.INVALID_AMOUNT, "$.totalAmount");
        }

        @Test
        void aNegativeUnitPriceIsReported() {
            ObjectNode record = minimal();
            item(record, 0).put("unitPrice", new BigDecimal("-9.95"));
            record.put("totalAmount", new BigDecimal("-19.90"));
            ValidationResult.Invalid result = invalid(record);
            assertThat(result.violations()).extracting(Violation::code)
                    .containsExactly(ReasonCode.NEGATIVE_PRICE, ReasonCode.INVALID_AMOUNT);
        }

        @Test
        void theTotalMustEqualTheSumOfTheLinesExactly() {
            ObjectNode record = Orders.sample();
            record.put("totalAmount", new BigDecimal("25.00"));
            ValidationResult.Invalid result = invalid(record);
            assertThat(result.violations()).singleElement().satisfies(v -> {
                assertThat(v.code()).isEqualTo(ReasonCode.TOTAL_MISMATCH);
                assertThat(v.path()).isEqualTo("$.totalAmount");
                assertThat(v.message()).isEqualTo("totalAmount 25.00 does not equal the sum of the items 24.40");
            });
        }

        @Test
        void theComparisonIgnoresScaleAndNeverRounds() {
            ObjectNode record = minimal();
            record.put("totalAmount", new BigDecimal("19.9"));
            assertThat(validate(record).isValid()).isTrue();
            record.put("totalAmount", new BigDecimal("19.900"));
            assertThat(validate(record).isValid()).isTrue();
            record.put("totalAmount", new BigDecimal("19.91"));
            assertThat(validate(record).isValid()).isFalse();
            // one cent off over 100 lines is still a mismatch (no double arithmetic anywhere)
            ObjectNode many = minimal();
            ArrayNode items = many.putArray("items");
            for (int i = 0; i < 100; i++) {
                items.addObject().put("sku", "SKU-" + i).put("quantity", 3).put("unitPrice", new BigDecimal("0.10"));
            }
            many.put("totalAmount", new BigDecimal("30.00"));
            assertThat(validate(many).isValid()).isTrue();
            many.put("totalAmount", new BigDecimal("30.01"));
            assertThat(invalid(many).primaryReason()).isEqualTo(ReasonCode.TOTAL_MISMATCH);
        }

        @Test
        void hugeExponentsAreRejectedWithoutExpandingThem() {
            ObjectNode record = minimal();
            item(record, 0).put("unitPrice", new BigDecimal("1E+999999999"));
            record.put("totalAmount", new BigDecimal("1E-999999999"));
            ValidationResult.Invalid result = invalid(record);
            assertThat(result.violations()).extracting(Violation::code)
                    .containsExactly(ReasonCode.INVALID_AMOUNT, ReasonCode.INVALID_AMOUNT);
        }

        @Test
        void zerosWithAbsurdScalesAreHarmless() {
            ObjectNode record = minimal();
            item(record, 0).put("unitPrice", new BigDecimal("0E-999999999"));
            record.put("totalAmount", new BigDecimal("1.00"));
            ValidationResult.Invalid result = invalid(record);
            assertThat(result.violations()).singleElement().satisfies(v -> {
                assertThat(v.code()).isEqualTo(ReasonCode.TOTAL_MISMATCH);
                assertThat(v.message()).isEqualTo("totalAmount 1.00 does not equal the sum of the items 0.00");
            });
        }

        @Test
        void trailingZerosBeyondTheCurrencysDecimalsAreDroppedExactly() {
            ObjectNode record = minimal();
            item(record, 0).put("unitPrice", new BigDecimal("9.950000"));
            record.put("totalAmount", new BigDecimal("19.9000"));
            Order order = valid(record, RecordFormat.JSON);
            assertThat(order.items().getFirst().unitPrice()).isEqualTo(new BigDecimal("9.95"));
            assertThat(order.totalAmount()).isEqualTo(new BigDecimal("19.90"));
        }

        @Test
        void aNegativeTotalIsAnInvalidAmount() {
            ObjectNode record = minimal();
            record.put("totalAmount", new BigDecimal("-1"));
            assertOnly(record, ReasonCode.INVALID_AMOUNT, "$.totalAmount");
        }
    }

    @Nested
    class Items {
        @Test
        void anEmptyListHasNoItems() {
            ObjectNode record = minimal();
            record.putArray("items");
            assertOnly(record, ReasonCode.NO_ITEMS, "$.items");
        }

        @Test
        void oneHundredItemsAreFineOneMoreIsTooMany() {
            ObjectNode record = minimal();
            ArrayNode items = record.putArray("items");
            for (int i = 0; i < 100; i++) {
                items.addObject().put("sku", "SKU-" + i).put("quantity", 1).put("unitPrice", 1);
            }
            record.put("totalAmount", 100);
            assertThat(valid(record, RecordFormat.JSON).items()).hasSize(100);
            items.addObject().put("sku", "SKU-100").put("quantity", 1).put("unitPrice", 1);
            record.put("totalAmount", 101);
            assertOnly(record, ReasonCode.TOO_MANY_ITEMS, "$.items");
        }

        @ParameterizedTest
        @ValueSource(strings = {"1", "2.0", "10000", "1E+3"})
        void wholeQuantitiesFromOneToTenThousandAreValid(String quantity) {
            ObjectNode record = minimal();
            BigDecimal q = new BigDecimal(quantity);
            item(record, 0).put("quantity", q);
            record.put("totalAmount", q.multiply(new BigDecimal("9.95")));
            assertThat(valid(record, RecordFormat.JSON).items().getFirst().quantity()).isEqualTo(q.intValue());
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-1", "2.5", "10001", "1E+10", "0.999999999999"})
        void otherQuantitiesAreInvalid(String quantity) {
            ObjectNode record = minimal();
            item(record, 0).put("quantity", new BigDecimal(quantity));
            assertOnly(record, ReasonCode.INVALID_QUANTITY, "$.items[0].quantity");
        }

        @Test
        void missingItemFieldsAreReportedWithTheirPaths() {
            ObjectNode record = minimal();
            ((ArrayNode) record.get("items")).addObject();
            ValidationResult.Invalid result = invalid(record);
            assertThat(result.violations()).extracting(Violation::code, Violation::path).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(ReasonCode.MISSING_FIELD, "$.items[1].sku"),
                    org.assertj.core.groups.Tuple.tuple(ReasonCode.MISSING_FIELD, "$.items[1].quantity"),
                    org.assertj.core.groups.Tuple.tuple(ReasonCode.MISSING_FIELD, "$.items[1].unitPrice"));
        }
    }

    @Test
    void everyProblemIsReportedAtOnceInDocumentOrder() {
        ObjectNode record = json("""
                {"orderId":"-bad","customerId":"","orderDate":"2030-01-01","currency":"EURO",
                 "items":[{"sku":"SKU-1","quantity":2.5,"unitPrice":-1},{"sku":"SKU-1","quantity":1,"unitPrice":1}],
                 "totalAmount":"3"}
                """);
        ValidationResult.Invalid result = invalid(record);
        assertThat(result.orderId()).isNull();
        assertThat(result.violations()).extracting(Violation::code, Violation::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ReasonCode.INVALID_ORDER_ID, "$.orderId"),
                org.assertj.core.groups.Tuple.tuple(ReasonCode.INVALID_CUSTOMER_ID, "$.customerId"),
                org.assertj.core.groups.Tuple.tuple(ReasonCode.FUTURE_DATE, "$.orderDate"),
                org.assertj.core.groups.Tuple.tuple(ReasonCode.INVALID_CURRENCY, "$.currency"),
                org.assertj.core.groups.Tuple.tuple(ReasonCode.INVALID_QUANTITY, "$.items[0].quantity"),
                org.assertj.core.groups.Tuple.tuple(ReasonCode.NEGATIVE_PRICE, "$.items[0].unitPrice"),
                org.assertj.core.groups.Tuple.tuple(ReasonCode.DUPLICATE_SKU, "$.items[1].sku"),
                org.assertj.core.groups.Tuple.tuple(ReasonCode.MALFORMED_RECORD, "$.totalAmount"));
        assertThat(result.primaryReason()).isEqualTo(ReasonCode.INVALID_ORDER_ID);
        assertThat(result.reasonCodes()).hasSize(8);
    }

    @Test
    void theNumberOfReportedViolationsIsCapped() {
        ObjectNode record = minimal();
        ArrayNode items = record.putArray("items");
        for (int i = 0; i < 50; i++) {
            items.addObject().put("sku", "bad sku " + i).put("quantity", 0).put("unitPrice", -1);
        }
        assertThat(invalid(record).violations()).hasSize(OrderValidator.MAX_VIOLATIONS);
    }

    @Nested
    class Csv {
        @Test
        void aCsvRowOfStringsIsTheSameOrderAsTheJsonRecord() {
            Order fromCsv = valid(json(Orders.SAMPLE_CSV_RECORD), RecordFormat.CSV);
            Order fromJson = valid(Orders.sample(), RecordFormat.JSON);
            assertThat(fromCsv.orderId()).isEqualTo(fromJson.orderId());
            assertThat(fromCsv.items()).hasSize(2);
            assertThat(fromCsv.items().get(1).quantity()).isEqualTo(1);
            assertThat(fromCsv.totalAmount()).isEqualByComparingTo(fromJson.totalAmount());
            assertThat(fromCsv.shippingAddress()).isEqualTo(fromJson.shippingAddress());
            assertThat(fromCsv.attributes()).isEqualTo(fromJson.attributes());
        }

        @Test
        void theContractCsvExampleRowIsValid() {
            ObjectNode row = json("""
                    {"orderId":"ORD-1","customerId":"CUST-1","orderDate":"2026-11-20","currency":"EUR",
                     "items":"[{\\"sku\\":\\"SKU-1\\",\\"quantity\\":2,\\"unitPrice\\":\\"9.95\\"}]",
                     "totalAmount":"19.90","channel":"web","shippingAddress":"","attributes":""}
                    """);
            Order order = valid(row, RecordFormat.CSV);
            assertThat(order.channel()).isEqualTo("web");
            assertThat(order.shippingAddress()).isNull();
            assertThat(order.attributes()).isNull();
        }

        @Test
        void emptyCellsAreAbsent() {
            ObjectNode row = csvRow();
            row.put("customerId", "");
            row.put("channel", "");
            assertOnly(row, ReasonCode.MISSING_FIELD, "$.customerId", RecordFormat.CSV);
        }

        @Test
        void aTruncatedItemsCellIsMalformedAndCarriesTheRawText() {
            ObjectNode row = csvRow();
            String truncated = "[{\"sku\":\"SKU-1\",\"quantity\":2,\"unitPr";
            row.put("items", truncated);
            ValidationResult.Invalid result = invalid(row, RecordFormat.CSV);
            assertThat(result.violations()).singleElement().satisfies(v -> {
                assertThat(v.code()).isEqualTo(ReasonCode.MALFORMED_RECORD);
                assertThat(v.path()).isEqualTo("$.items");
                assertThat(v.message()).contains(truncated);
            });
            assertThat(result.orderId()).isEqualTo("ORD-1");
        }

        @Test
        void trailingTextAfterTheJsonInACellIsMalformed() {
            ObjectNode row = csvRow();
            row.put("attributes", "{\"a\":1} trailing");
            assertOnly(row, ReasonCode.MALFORMED_RECORD, "$.attributes", RecordFormat.CSV);
        }

        @ParameterizedTest
        @ValueSource(strings = {"abc", "19,90", "1.", ".5", "+19.90", "19.90 EUR", "0x10"})
        void aNumberCellThatIsNotADecimalIsMalformed(String cell) {
            ObjectNode row = csvRow();
            row.put("totalAmount", cell);
            assertOnly(row, ReasonCode.MALFORMED_RECORD, "$.totalAmount", RecordFormat.CSV);
        }

        @Test
        void quantityTwoPointFiveAsAStringIsStillNotWhole() {
            ObjectNode row = csvRow();
            row.put("items", "[{\"sku\":\"SKU-1\",\"quantity\":\"2.5\",\"unitPrice\":\"9.95\"}]");
            assertOnly(row, ReasonCode.INVALID_QUANTITY, "$.items[0].quantity", RecordFormat.CSV);
        }

        private void assertOnly(JsonNode record, ReasonCode code, String path, RecordFormat format) {
            ValidationResult.Invalid result = invalid(record, format);
            assertThat(result.violations()).extracting(Violation::code, Violation::path)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(code, path));
        }

        private ObjectNode csvRow() {
            return json("""
                    {"orderId":"ORD-1","customerId":"CUST-1","orderDate":"2026-11-20","currency":"EUR",
                     "items":"[{\\"sku\\":\\"SKU-1\\",\\"quantity\\":\\"2\\",\\"unitPrice\\":\\"9.95\\"}]",
                     "totalAmount":"19.90","channel":"","shippingAddress":"","attributes":""}
                    """);
        }
    }

    @Test
    void theSameValidatorServesManyThreads() throws Exception {
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger valid = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 200; i++) {
                    if (validate(Orders.sample()).isValid()) {
                        valid.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(valid.get()).isEqualTo(800);
    }

    static ObjectNode item(ObjectNode record, int index) {
        return (ObjectNode) record.get("items").get(index);
    }
}
