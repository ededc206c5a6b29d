package io.frugal.problems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frugal.Activation;
import io.frugal.Conv2dParams;
import io.frugal.Layout;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemGrammarTest {
    @Test
    void benchdnnShorthandFollowsBenchdnnDefaults() {
        Conv2dProblem p = Conv2dProblem.parse("mb2ic64ih56oc128oh28kh3sh2ph1n\"resnet_50:res3a_branch2a*4\"");
        Conv2dParams c = p.params();
        assertEquals("res3a_branch2a", p.shortName());
        assertEquals(2, c.batch());
        assertEquals(56, c.inW());
        assertEquals(3, c.kernelW());
        assertEquals(2, c.strideW());
        assertEquals(28, c.outH());
        assertEquals(28, c.outW());
        assertEquals(1, c.padTop());
        assertEquals(0, c.padBottom(), "bottom padding follows from oh, as in benchdnn");
        assertTrue(p.bias());
        assertEquals(Layout.NCHW, c.layout());
    }

    @Test
    void descriptorParsesBackToTheSameProblem() {
        Conv2dParams c = Conv2dParams.builder().batch(3).groups(2).input(6, 9, 7).outChannels(4).kernel(2, 3).stride(2, 1)
                .dilation(2, 1).padding(0, 1, 1, 2).layout(Layout.NHWC).activation(Activation.hardSwish()).build();
        Conv2dProblem back = Conv2dProblem.parse(c.descriptor());
        assertEquals(c, back.params());
        assertEquals("mb3g2ic6ih9iw7oc4oh4ow8kh2kw3sh2sw1dh2dw1pt0pl1pb1pr2_nhwc_hardswish", c.descriptor());
    }

    @Test
    void matmulLines() {
        MatMulProblem m = MatMulProblem.parse("mb3m17k64n130_t_relu_nobias");
        assertEquals(3, m.params().batch());
        assertTrue(m.params().weightsTransposed());
        assertEquals(Activation.relu(), m.params().activation());
        assertFalse(m.bias());
    }

    @Test
    void badLinesNameWhatIsWrongAndWhere() {
        assertThrows(IllegalArgumentException.class, () -> Conv2dProblem.parse("ic1ih5oc1kh3zz2"), "unknown key");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProblemFile.read(new ByteArrayInputStream("# c\nmb1ic1ih5oc1kh3\nmb1ic1ih5oc1kh3_nchw_bogus\n"
                        .getBytes(StandardCharsets.UTF_8)), "f.txt", Conv2dProblem::parse));
        assertTrue(e.getMessage().startsWith("f.txt:3: unknown activation 'bogus'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Conv2dProblem.parse("mb1ic1ih5oc1kh3_nchw_relu_extra"));
        assertThrows(IllegalArgumentException.class, () -> MatMulProblem.parse("m1k2n3"));
        List<Conv2dProblem> ok = ProblemFile.read(new ByteArrayInputStream("mb1ic1ih5oc1kh3 # comment\n\n"
                .getBytes(StandardCharsets.UTF_8)), "g.txt", Conv2dProblem::parse);
        assertEquals(1, ok.size());
    }
}
